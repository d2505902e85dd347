// How names are compared (accounts, directory users and groups, audit users): ignoring case,
// through a lower-cased key column.
export const key = (name: string): string => name.toLowerCase();
