// Just enough protobuf to read what Anki keeps in protobuf blobs: schema-18 settings (note type
// kind, template qfmt), a package's `meta` (its version) and its media map (file names). Pure.
// Numbers past 2^53 lose precision, which none of these fields reach.

/** Every value of top-level protobuf field `field` in `buf`, in order: a number (varint) or bytes. */
export function protoFields(buf: Uint8Array, field: number): Array<number | Uint8Array> {
  const found: Array<number | Uint8Array> = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated protobuf');
      const b = buf[i++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
      if (mul > 2 ** 63) throw new Error('bad varint');
    }
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    let value: number | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('truncated protobuf');
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      i += 8;
      continue;
    } else if (wire === 5) {
      i += 4;
      continue;
    } else throw new Error(`protobuf wire type ${wire}`);
    if (no === field) found.push(value);
  }
  return found;
}

/** The first value of top-level protobuf field `field` in `buf`. */
export function protoField(buf: Uint8Array, field: number): number | Uint8Array | undefined {
  return protoFields(buf, field)[0];
}
