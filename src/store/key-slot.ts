/** CRC16-XMODEM (polynomial 0x1021) of each byte value: one lookup a byte */
const crcTable = Array.from({ length: 256 }, (_, byte) => {
  let crc = byte << 8;
  for (let bit = 0; bit < 8; bit += 1) {
    crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
});

/** a key's bytes: its UTF-8 encoding (a string's own codes when it is ASCII, as keys mostly are) */
interface Bytes {
  readonly length: number;
  at(index: number): number;
}

function bytesOf(key: string): Bytes {
  for (let i = 0; i < key.length; i += 1) {
    if (key.charCodeAt(i) > 0x7f) {
      const utf8 = Buffer.from(key, 'utf8');
      return { length: utf8.length, at: (index) => utf8[index]! };
    }
  }
  return { length: key.length, at: (index) => key.charCodeAt(index) };
}

/**
 * The Redis Cluster hash slot of a key (0–16383): CRC16 (XMODEM) of its hash tag — the part
 * between the first `{` and the next `}`, when not empty — else of the whole key, modulo
 * 16384, exactly as Redis computes it (`CLUSTER KEYSLOT`).
 */
export function keySlot(key: string): number {
  const bytes = bytesOf(key);
  let start = 0;
  let end = bytes.length;
  let open = -1;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes.at(i);
    if (open < 0 && byte === 0x7b)
      open = i; // {
    else if (open >= 0 && byte === 0x7d) {
      // } — an empty tag ({}) hashes the whole key
      if (i > open + 1) {
        start = open + 1;
        end = i;
      }
      break;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i += 1)
    crc = ((crc << 8) & 0xffff) ^ crcTable[((crc >> 8) ^ bytes.at(i)) & 0xff]!;
  return crc % 16384;
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
