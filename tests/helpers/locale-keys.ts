import { readFileSync } from 'node:fs';

/** A locale file as JSON: nested objects of strings. */
export type Tree = { [key: string]: string | Tree };

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** locales/<locale>/<file>.json, parsed. */
export function loadLocaleFile(locale: string, file: string): Tree {
  return JSON.parse(readFileSync(`locales/${locale}/${file}.json`, 'utf8')) as Tree;
}

/** Dotted key → text, for every string of a locale file. */
export function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [pk, pv] of flatten(v, path)) out.set(pk, pv);
  }
  return out;
}

/** Base keys (plural suffix removed) and, for plural keys, the categories present. */
export function baseKeys(flat: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const m = PLURAL_SUFFIX.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const set = out.get(base) ?? new Set<string>();
    if (m) set.add(m[1]!);
    out.set(base, set);
  }
  return out;
}

/** The `{{name}}` placeholders of a text, sorted. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}
