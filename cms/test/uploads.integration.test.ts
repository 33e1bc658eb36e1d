import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { startThrowawayCms, type ThrowawayCms } from '@fulian/testkit/throwaway-cms';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let cms: ThrowawayCms;
let jpeg: Buffer;
let png: Buffer;

/** 1 MB and 2 megapixels here, so the test needs no 20 MB file; the defaults are 20 MB and 40 MP. */
beforeAll(async () => {
  cms = await startThrowawayCms({ UPLOAD_MAX_MB: '1', UPLOAD_MAX_MEGAPIXELS: '2' });
  const picture = { create: { width: 64, height: 48, channels: 3 as const, background: '#c0392b' } };
  jpeg = await sharp(picture).jpeg().toBuffer();
  png = await sharp(picture).png().toBuffer();
});

afterAll(async () => {
  await cms?.stop();
});

async function upload(files: { name: string; bytes: Buffer; type?: string }[]) {
  const form = new FormData();
  for (const file of files) {
    form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  const res = await fetch(`${cms.url}/api/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${cms.writeToken}` },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

/** What Strapi stored: the files in the library and on disk. */
async function stored(): Promise<{ names: string[]; onDisk: number }> {
  const res = await cms.api('GET', '/api/upload/files');
  return { names: res.json.map((f: { name: string }) => f.name), onDisk: readdirSync(join(cms.dir, 'public', 'uploads')).length };
}

/** A valid PNG header that claims 50,000 × 50,000 pixels around a few bytes of data. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(50_001 * 4))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function refused(files: { name: string; bytes: Buffer; type?: string }[], ...messages: string[]) {
  const before = await stored();
  const res = await upload(files);
  expect(res.status, res.text).toBe(400);
  for (const message of messages) expect(res.json.error.message).toContain(message);
  expect(await stored(), 'nothing was stored').toEqual(before);
}

describe('uploads', () => {
  it('accepts a real JPEG and PNG under their own names', async () => {
    const res = await upload([
      { name: '活动照片.jpg', bytes: jpeg, type: 'image/jpeg' },
      { name: '图表.png', bytes: png, type: 'image/png' },
    ]);
    expect(res.status, res.text).toBe(201);
    expect((await stored()).names).toEqual(expect.arrayContaining(['活动照片.jpg', '图表.png']));
  });

  it('accepts a PDF and a CSV in any text encoding', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const csv = Buffer.from([0xc7, 0xf8, 0xd3, 0xf2, 0x2c, 0xc8, 0xcb, 0xca, 0xfd, 0x0a]); // 区域,人数 in GBK
    const res = await upload([
      { name: '申请表.pdf', bytes: pdf, type: 'application/pdf' },
      { name: '名单.csv', bytes: csv, type: 'text/csv' },
    ]);
    expect(res.status, res.text).toBe(201);
  });

  it('refuses an SVG named .jpg, naming the file', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    await refused([{ name: '封面.jpg', bytes: svg, type: 'image/jpeg' }], '文件“封面.jpg”是 SVG 图形');
  });

  it('refuses an SVG under its own name, and one with an XML prolog', async () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    await refused([{ name: '标志.svg', bytes: svg, type: 'image/svg+xml' }], '文件“标志.svg”是 SVG 图形');
    await refused([{ name: '标志.png', bytes: svg, type: 'image/png' }], '文件“标志.png”是 SVG 图形');
  });

  it('refuses content that does not match the extension', async () => {
    await refused(
      [{ name: '照片.jpg', bytes: png, type: 'image/jpeg' }],
      '文件“照片.jpg”的扩展名是 .jpg（JPEG 图片），内容却是 PNG 图片（image/png）',
    );
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    await refused(
      [{ name: '通知.pdf', bytes: exe, type: 'application/pdf' }],
      '文件“通知.pdf”的扩展名是 .pdf（PDF 文档），内容却',
    );
    await refused(
      [{ name: '名单.txt', bytes: jpeg, type: 'text/plain' }],
      '文件“名单.txt”的扩展名是 .txt，内容却不是纯文本，而是 JPEG 图片',
    );
  });

  it('refuses types nobody needs on a news site', async () => {
    await refused([{ name: 'run.sh', bytes: Buffer.from('#!/bin/sh\nrm -rf /\n') }], '文件“run.sh”的类型（.sh）不在允许范围内');
    await refused(
      [{ name: '页面.html', bytes: Buffer.from('<script>alert(1)</script>') }],
      '文件“页面.html”的类型（.html）不在允许范围内',
    );
  });

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    await refused(
      [{ name: '炸弹.png', bytes: pngBomb(), type: 'image/png' }],
      '图片“炸弹.png”有 50000×50000 像素，超过 200 万像素的上限',
    );
  });

  it('refuses an image over the pixel limit', async () => {
    const big = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#ffffff' } })
      .jpeg()
      .toBuffer();
    await refused([{ name: '大图.jpg', bytes: big, type: 'image/jpeg' }], '图片“大图.jpg”有 2000×1500 像素');
  });

  it('refuses an image sharp cannot decode, naming the file', async () => {
    const broken = Buffer.concat([jpeg.subarray(0, 200), Buffer.alloc(400, 0x17)]);
    await refused([{ name: '损坏.jpg', bytes: broken, type: 'image/jpeg' }], '无法解码图片“损坏.jpg”');
  });

  it('reports every bad file of a request at once, and stores none of the request', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    await refused(
      [
        { name: '好的.jpg', bytes: jpeg, type: 'image/jpeg' },
        { name: '坏一.jpg', bytes: svg },
        { name: '坏二.jpg', bytes: png },
      ],
      '文件“坏一.jpg”是 SVG 图形',
      '文件“坏二.jpg”的扩展名是 .jpg',
    );
  });

  it('refuses a file over the size limit with a Chinese message, storing nothing', async () => {
    const before = await stored();
    const res = await upload([
      { name: '很大.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_200_000, 0x20)]) },
    ]);
    expect(res.status, res.text).toBe(413);
    expect(res.json.error.message).toContain('上传的文件超过 1 MB 的上限，未保存');
    expect(await stored()).toEqual(before);
  });
});
