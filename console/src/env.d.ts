// emsec-client checks for Node before loading its TLS helper (client/src/tls.ts); in a browser
// there is no `process`, and the console does not take Node's types for one name.
declare const process: { readonly versions?: { readonly node?: string } } | undefined;
