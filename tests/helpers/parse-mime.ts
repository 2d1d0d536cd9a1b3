// A small MIME reader for tests: enough for what mailers send (nodemailer and the like), not a
// general parser. Headers with RFC 2047 encoded words (B and Q, words split mid-character),
// folded lines, nested multiparts, bodies in 7bit/8bit, quoted-printable or base64, any charset
// TextDecoder knows. Decoded text and HTML have \n line ends; a single-part message keeps the
// line break that ends its last line (SMTP cannot tell whether the sender wrote one).

export type ParsedMail = {
  /** Decoded header values by lower-case name (the first of repeated headers). */
  headers: Record<string, string>;
  /** The first text/plain and text/html parts that are not attachments ('' when absent). */
  text: string;
  html: string;
};

type Part = { headers: Record<string, string>; body: string };

/** Bytes to text; unknown charsets fall back to UTF-8 rather than failing the test here. */
function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Quoted-printable (RFC 2045 §6.7) over a binary string; `underscores` for RFC 2047 Q words. */
function decodeQuotedPrintable(input: string, underscores = false): Buffer {
  const text = (underscores ? input.replace(/_/g, ' ') : input).replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const ENCODED_RUN = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s*=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/g;

/**
 * Decodes RFC 2047 encoded words. Whitespace between adjacent words is dropped (§6.2) and their
 * bytes are joined before decoding, so a character split over two words comes out whole.
 */
export function decodeEncodedWords(value: string): string {
  return value.replace(ENCODED_RUN, (run) => {
    let out = '';
    let charset = '';
    let pending: Buffer[] = [];
    const flush = () => {
      if (pending.length > 0) out += decodeBytes(Buffer.concat(pending), charset);
      pending = [];
    };
    for (const [, label, encoding, data] of run.matchAll(ENCODED_WORD)) {
      const wordCharset = label!.split('*')[0]!.toLowerCase(); // drop an RFC 2231 language tag
      if (wordCharset !== charset) flush();
      charset = wordCharset;
      pending.push(encoding!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : decodeQuotedPrintable(data!, true));
    }
    flush();
    return out;
  });
}

/** Splits a binary string into its header block (as UTF-8 text) and its body (still binary). */
function splitPart(raw: string): Part {
  const gap = /\r?\n\r?\n/.exec(raw);
  const head = gap ? raw.slice(0, gap.index) : raw;
  const body = gap ? raw.slice(gap.index + gap[0].length) : '';
  const headers: Record<string, string> = {};
  // Unfolding removes the line break only; the whitespace that follows stays (RFC 5322 §2.2.3).
  for (const line of Buffer.from(head, 'latin1').toString('utf8').replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** `type/subtype; name=value; name="quoted value"` → lower-case type and params. */
function parseHeaderParams(value: string | undefined, fallback: string): { value: string; params: Record<string, string> } {
  const source = value ?? fallback;
  const semicolon = source.indexOf(';');
  const main = (semicolon < 0 ? source : source.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  if (semicolon >= 0) {
    for (const [, name, raw] of source.slice(semicolon).matchAll(/;\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
      const text = raw!.trim();
      params[name!.toLowerCase()] = text.startsWith('"') ? text.slice(1, -1).replace(/\\(.)/g, '$1') : text;
    }
  }
  return { value: main || fallback, params };
}

/** The body parts between `--boundary` lines, without preamble and epilogue. */
function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith(delimiter)) {
      const rest = line.slice(delimiter.length);
      if (current) parts.push(current.join('\r\n'));
      current = rest.startsWith('--') ? undefined : [];
      if (rest.startsWith('--')) return parts;
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return Buffer.from(part.body, 'latin1');
}

function collect(part: Part, found: { text?: string; html?: string }): void {
  const type = parseHeaderParams(part.headers['content-type'], 'text/plain');
  if (type.value.startsWith('multipart/')) {
    const boundary = type.params.boundary;
    if (boundary) for (const child of splitMultipart(part.body, boundary)) collect(splitPart(child), found);
    return;
  }
  if (parseHeaderParams(part.headers['content-disposition'], 'inline').value === 'attachment') return;
  const slot = type.value === 'text/plain' ? 'text' : type.value === 'text/html' ? 'html' : undefined;
  if (!slot || found[slot] !== undefined) return;
  found[slot] = decodeBytes(decodeBody(part), type.params.charset ?? 'utf-8').replace(/\r\n/g, '\n');
}

/** Reads a raw RFC 5322 message. */
export function parseMail(raw: Buffer): ParsedMail {
  const top = splitPart(raw.toString('latin1'));
  const found: { text?: string; html?: string } = {};
  collect(top, found);
  const headers = Object.fromEntries(Object.entries(top.headers).map(([name, value]) => [name, decodeEncodedWords(value)]));
  return { headers, text: found.text ?? '', html: found.html ?? '' };
}
