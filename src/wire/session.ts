// The entry point and logon sessions (http_authentication.md, get_loginsessions_id.md).
import { attr, complex, many, one, opt, optAttr, representation, str, type Infer } from './dsl.ts';
import { LinkListType } from './common.ts';

export const SupportedVersionType = complex('SupportedVersionType', {
  attrs: { Name: attr(str) },
  children: { Links: opt(LinkListType) },
});

export const SupportedVersionListType = complex('SupportedVersionListType', {
  children: { SupportedVersions: many(SupportedVersionType, 'SupportedVersion') },
});

export const EnterpriseManagerType = complex('EnterpriseManagerType', {
  attrs: { Href: optAttr(str), Type: optAttr(str) },
  children: { Links: opt(LinkListType), SupportedVersions: opt(SupportedVersionListType) },
});
export const EnterpriseManager = representation('EnterpriseManager', EnterpriseManagerType);

export const LogonSessionType = complex('LogonSessionType', {
  attrs: { Href: attr(str), Type: attr(str) },
  children: { Links: opt(LinkListType), UserName: one(str), SessionId: one(str) },
});
export type LogonSessionValue = Infer<typeof LogonSessionType>;
export const LogonSession = representation('LogonSession', LogonSessionType);

export const LogonSessionListType = complex('LogonSessionListType', {
  children: { LogonSessions: many(LogonSessionType, 'LogonSession') },
});
export const LogonSessions = representation('LogonSessions', LogonSessionListType);
