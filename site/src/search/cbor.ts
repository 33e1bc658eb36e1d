/**
 * The subset of CBOR (RFC 8949) that Pagefind's index files use (written by Rust's minicbor):
 * unsigned and negative integers, text and byte strings, arrays, maps, booleans and null, all
 * of definite length, integers in their shortest form. Decoding then encoding a Pagefind file
 * gives it back byte for byte (tested), which is what lets shard indexes be merged.
 */

export type Cbor = number | string | Uint8Array | boolean | null | Cbor[] | Map<Cbor, Cbor>;

export function decodeCbor(bytes: Uint8Array): Cbor {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: true });
  let at = 0;
  const length = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) return view.getUint8(at++);
    if (info === 25) {
      at += 2;
      return view.getUint16(at - 2);
    }
    if (info === 26) {
      at += 4;
      return view.getUint32(at - 4);
    }
    if (info === 27) {
      at += 8;
      const big = view.getBigUint64(at - 8);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`CBOR 整数过大（位置 ${at - 8}）`);
      return Number(big);
    }
    throw new Error(`不支持的 CBOR 长度编码 ${info}（位置 ${at}）`);
  };
  const item = (): Cbor => {
    const head = view.getUint8(at++);
    const major = head >> 5;
    const info = head & 31;
    switch (major) {
      case 0:
        return length(info);
      case 1:
        return -1 - length(info);
      case 2: {
        const n = length(info);
        at += n;
        return bytes.slice(at - n, at);
      }
      case 3: {
        const n = length(info);
        at += n;
        return text.decode(bytes.subarray(at - n, at));
      }
      case 4: {
        const n = length(info);
        const list: Cbor[] = new Array(n);
        for (let i = 0; i < n; i++) list[i] = item();
        return list;
      }
      case 5: {
        const n = length(info);
        const map = new Map<Cbor, Cbor>();
        for (let i = 0; i < n; i++) map.set(item(), item());
        return map;
      }
      case 7:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        throw new Error(`不支持的 CBOR 简单值 ${info}（位置 ${at - 1}）`);
      default:
        throw new Error(`不支持的 CBOR 类型 ${major}（位置 ${at - 1}）`);
    }
  };
  const value = item();
  if (at !== bytes.length) throw new Error(`CBOR 数据后还有 ${bytes.length - at} 字节`);
  return value;
}

export function encodeCbor(value: Cbor): Uint8Array {
  let buffer = new Uint8Array(64);
  let view = new DataView(buffer.buffer);
  let at = 0;
  const room = (n: number) => {
    if (at + n <= buffer.length) return;
    let size = buffer.length * 2;
    while (size < at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(buffer.subarray(0, at));
    buffer = bigger;
    view = new DataView(buffer.buffer);
  };
  const head = (major: number, n: number) => {
    room(9);
    const m = major << 5;
    if (n < 24) buffer[at++] = m | n;
    else if (n < 0x100) {
      buffer[at++] = m | 24;
      buffer[at++] = n;
    } else if (n < 0x10000) {
      buffer[at++] = m | 25;
      buffer[at++] = n >> 8;
      buffer[at++] = n & 0xff;
    } else if (n < 0x100000000) {
      buffer[at++] = m | 26;
      view.setUint32(at, n);
      at += 4;
    } else {
      buffer[at++] = m | 27;
      view.setBigUint64(at, BigInt(n));
      at += 8;
    }
  };
  const raw = (bytes: Uint8Array) => {
    room(bytes.length);
    buffer.set(bytes, at);
    at += bytes.length;
  };
  const encoder = new TextEncoder();
  const item = (v: Cbor) => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new Error(`CBOR：不支持非整数 ${v}`);
      if (v >= 0) head(0, v);
      else head(1, -1 - v);
    } else if (typeof v === 'string') {
      const bytes = encoder.encode(v);
      head(3, bytes.length);
      raw(bytes);
    } else if (v instanceof Uint8Array) {
      head(2, v.length);
      raw(v);
    } else if (Array.isArray(v)) {
      head(4, v.length);
      for (const x of v) item(x);
    } else if (v instanceof Map) {
      head(5, v.size);
      for (const [k, x] of v) {
        item(k);
        item(x);
      }
    } else {
      room(1);
      buffer[at++] = v === false ? 0xf4 : v === true ? 0xf5 : 0xf6;
    }
  };
  item(value);
  return buffer.slice(0, at);
}
