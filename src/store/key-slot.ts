/** CRC16-XMODEM (polynomial 0x1021) of each byte value: one lookup a byte */
const crcTable = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit += 1) {
    crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
});

/**
 * The part of a key Redis hashes: its hash tag — the part between the first `{` and the next
 * `}`, when not empty — else the whole key. (`{` and `}` are ASCII, never part of a UTF-8
 * sequence, so finding them in the string finds them in its bytes.)
 */
export function hashedPart(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/**
 * The Redis Cluster hash slot of a key (0–16383): CRC16 (XMODEM) of the UTF-8 bytes of its
 * hashed part, modulo 16384, exactly as Redis computes it (`CLUSTER KEYSLOT`).
 */
export function keySlot(key: string): number {
  const part = hashedPart(key);
  let crc = 0;
  for (let i = 0; i < part.length; i += 1) {
    const code = part.charCodeAt(i);
    // a key beyond ASCII (an address a guest typed): its UTF-8 bytes
    if (code > 0x7f) return crcOf(Buffer.from(part, 'utf8')) % 16384;
    crc = ((crc << 8) & 0xffff) ^ crcTable[((crc >> 8) ^ code) & 0xff]!;
  }
  return crc % 16384;
}

function crcOf(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ crcTable[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

/** whether keys are all in one slot: the same hashed part — no CRC needed — or the same slot */
export function oneSlot(keys: readonly string[]): boolean {
  if (keys.length < 2) return true;
  const first = hashedPart(keys[0]!);
  for (let i = 1; i < keys.length; i += 1) {
    if (hashedPart(keys[i]!) !== first) return bySlot(keys).length === 1;
  }
  return true;
}

/** keys grouped by slot, each group in the order given, with each key's index in `keys` */
export function bySlot(keys: readonly string[]): { keys: string[]; at: number[] }[] {
  const groups = new Map<number, { keys: string[]; at: number[] }>();
  keys.forEach((key, index) => {
    const slot = keySlot(key);
    let group = groups.get(slot);
    if (!group) groups.set(slot, (group = { keys: [], at: [] }));
    group.keys.push(key);
    group.at.push(index);
  });
  return [...groups.values()];
}
