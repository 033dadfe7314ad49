import { crc32, deflateRawSync } from "node:zlib";

/** 1980-01-01 00:00 in MS-DOS format: a fixed time, so the same content gives the same archive. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A zip archive of one file, deflated, with a fixed timestamp: the same
 * content always gives the same bytes, so Terraform sees no change unless
 * the code changed.
 */
export function zipSingleFile(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name, "utf8");
  const compressed = deflateRawSync(content, { level: 9 });
  const crc = crc32(content);
  const common = (header: Buffer, offset: number) => {
    header.writeUInt16LE(20, offset); // version needed to extract: 2.0
    header.writeUInt16LE(0, offset + 2); // flags
    header.writeUInt16LE(8, offset + 4); // method: deflate
    header.writeUInt16LE(DOS_TIME, offset + 6);
    header.writeUInt16LE(DOS_DATE, offset + 8);
    header.writeUInt32LE(crc, offset + 10);
    header.writeUInt32LE(compressed.length, offset + 14);
    header.writeUInt32LE(content.length, offset + 18);
    header.writeUInt16LE(fileName.length, offset + 22);
    header.writeUInt16LE(0, offset + 24); // extra field length
  };

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  common(local, 4);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
  common(central, 6);
  central.writeUInt16LE(0, 32); // comment length
  central.writeUInt16LE(0, 34); // disk number
  central.writeUInt16LE(0, 36); // internal attributes
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
  central.writeUInt32LE(0, 42); // offset of the local header

  const centralOffset = local.length + fileName.length + compressed.length;
  const centralSize = central.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8); // entries on this disk
  end.writeUInt16LE(1, 10); // entries in all
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);

  return Buffer.concat([local, fileName, compressed, central, fileName, end]);
}
