// Types shared by every family: links, references and the Error body.
import { arrayWrapper, attr, complex, int, many, opt, optAttr, representation, str, type Infer } from './dsl.ts';

/** attributes_of_a_link_element.md: Href, Name (key resources only), Type, Rel. */
export const LinkType = complex('LinkType', {
  attrs: { Href: attr(str), Name: optAttr(str), Type: optAttr(str), Rel: attr(str) },
});
export type Link = Infer<typeof LinkType>;

export const LinkListType = arrayWrapper('LinkListType', 'Link', LinkType);

/** A reference (`Ref` in a collection, `EntityRef` alone): UID, Name, Href, Type + Links. */
export const EntityReferenceType = complex('EntityReferenceType', {
  attrs: { UID: optAttr(str), Name: optAttr(str), Href: attr(str), Type: attr(str) },
  children: { Links: opt(LinkListType) },
});
export type EntityReference = Infer<typeof EntityReferenceType>;

export const EntityReferenceListType = complex('EntityReferenceListType', {
  children: { Refs: many(EntityReferenceType, 'Ref') },
});

export const EntityReferences = representation('EntityReferences', EntityReferenceListType);
export const EntityRef = representation('EntityRef', EntityReferenceType);

/**
 * The product's Error body (not in the reference; as the product sends it):
 * `<Error Message="…" StatusCode="400"/>`, JSON `{"FirstChanceExceptionMessage":null,…}`.
 */
export const ErrorType = complex('ErrorType', {
  attrs: { Message: attr(str), StatusCode: attr(int) },
  children: { FirstChanceExceptionMessage: opt(str), StackTrace: opt(str) },
});
export const ErrorBody = representation('Error', ErrorType);
export type ErrorValue = Infer<typeof ErrorType>;
