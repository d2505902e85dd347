// Reading seed files (seed.ts applies them): JSON or YAML, checked against a schema. Kept apart
// so a server started without --seed never loads the YAML parser and zod (start-up time,
// docs/performance.md).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Invalid } from './errors.ts';
import { parseFaultSpec, type FaultSpec } from './fault-spec.ts';
import { isGuid } from './ids.ts';

const name = z.string().trim().min(1).max(255);

export interface SeedObject {
  type: string;
  ref: string;
  name: string;
  count?: number | undefined;
  children?: SeedObject[] | undefined;
}

const SeedObjectSchema: z.ZodType<SeedObject> = z.lazy(() => z.strictObject({
  type: z.string().regex(/^[A-Za-z]+$/, 'letters only, e.g. Vm, Folder, ResourcePool'),
  ref: z.string().regex(/^[A-Za-z0-9._:{}-]+$/, "the object's own id (its ObjectRef), e.g. vm-7870 or urn:vcloud:vm:<GUID>"),
  name,
  // `count: N` makes N objects; {n} (or {n:3}, zero-padded to 3 digits) in ref and name numbers them.
  count: z.number().int().min(1).max(1_000_000).optional(),
  children: z.array(SeedObjectSchema).optional(),
}).refine((o) => o.count === undefined || (!o.children?.length && /\{n(:\d+)?\}/.test(o.ref)), {
  message: 'an object with count has no children and puts {n} in its ref',
}));

/** A fault rule as POST /emsec/faults takes it, checked by the same function. */
const FaultSchema = z.unknown().transform((raw, ctx): FaultSpec => {
  try {
    return parseFaultSpec(raw);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

export const SeedSchema = z.strictObject({
  /** Fault rules of the emulator, active from the start and after every reset (needs --emulator). */
  faults: z.array(FaultSchema).optional(),
  groups: z.array(name).optional(),
  users: z.array(z.strictObject({
    name,
    password: z.string().min(1),
    groups: z.array(name).optional(),
  })).optional(),
  accounts: z.array(z.strictObject({
    id: z.string().refine(isGuid, 'a GUID').optional(),
    name,
    type: z.enum(['User', 'Group', 'ExternalUser', 'ExternalGroup']),
    roles: z.array(z.string()).min(1),
    allowRestoreAllVms: z.boolean().default(true),
    scopes: z.array(z.string().min(1)).optional(),
    flr: z.strictObject({ inplaceOnly: z.boolean(), extensionRestrictions: z.string().default('') }).optional(),
    sql: z.strictObject({ denyInPlaceRestore: z.boolean() }).optional(),
  })).optional(),
  inventory: z.strictObject({
    roots: z.array(z.strictObject({
      id: z.string().refine(isGuid, 'a GUID'),
      name,
      uniqueId: z.string().optional(),
      hostType: z.string().default('VC'),
      platform: z.enum(['VMware', 'Hyperv', 'vCloud', 'NasBackup']).default('VMware'),
      objects: z.array(SeedObjectSchema).default([]),
    })),
  }).optional(),
});

export type Seed = z.infer<typeof SeedSchema>;

/** Parses seed text (YAML is a superset of JSON, so one parser reads both). */
export function parseSeed(text: string, origin: string): Seed {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new Invalid(`${origin} is not valid YAML or JSON: ${(err as Error).message}`);
  }
  const parsed = SeedSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new Invalid(`${origin} is not a valid seed: ${issues.join('; ')}`);
  }
  return parsed.data;
}

export function loadSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Invalid(`Cannot read seed file ${path}: ${(err as Error).message}`);
  }
  return parseSeed(text, path);
}
