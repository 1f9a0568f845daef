/**
 * The Redis Cluster hash slot of a key (0–16383): CRC16 (XMODEM) of its hash tag — the part
 * between the first `{` and the next `}`, when not empty — else of the whole key, modulo
 * 16384, exactly as Redis computes it (`CLUSTER KEYSLOT`).
 */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  let start = 0;
  let end = bytes.length;
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i += 1) {
    crc ^= bytes[i]! << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
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
