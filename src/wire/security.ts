// /security and its roles (get_security.md, security_roles_id.md).
import { attr, complex, opt, optAttr, representation, str } from './dsl.ts';
import { LinkListType } from './common.ts';

export const EnterpriseSecuritySettingsType = complex('EnterpriseSecuritySettingsType', {
  attrs: { Href: attr(str), Type: optAttr(str) },
  children: { Links: opt(LinkListType) },
});
export const EnterpriseSecuritySettings = representation('EnterpriseSecuritySettings', EnterpriseSecuritySettingsType);

export const EnterpriseRoleType = complex('EnterpriseRoleType', {
  attrs: { Href: attr(str), Type: attr(str), Name: attr(str), UID: attr(str) },
  children: { Links: opt(LinkListType) },
});
export const EnterpriseRole = representation('EnterpriseRole', EnterpriseRoleType);
