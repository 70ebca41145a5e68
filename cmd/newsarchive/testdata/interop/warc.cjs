// Reads a .warc.gz export with warcio.js: parses every record, recomputes
// its SHA-1 block and payload digests, and builds the CDXJ index pywb
// tooling would (all records), then prints both as one JSON object.
// Usage: NODE_PATH=DIR/node_modules node warc.cjs FILE.warc.gz
const fs = require("node:fs");
const crypto = require("node:crypto");
const { WARCParser, CDXIndexer } = require("warcio");

async function records(file) {
  const parser = new WARCParser(fs.createReadStream(file), { parseHttp: false });
  const out = [];
  for await (const record of parser) {
    const block = Buffer.from(await record.readFully());
    const r = {
      offset: parser.offset,
      length: parser.recordLength,
      type: record.warcType,
      uri: record.warcTargetURI || "",
      id: record.warcHeader("WARC-Record-ID"),
      content_length: record.warcContentLength,
      block_digest: record.warcBlockDigest || "",
      block_sha1: "sha1:" + base32(sha1(block)),
      payload_digest: record.warcPayloadDigest || "",
    };
    if (r.type === "request" || r.type === "response") {
      const end = block.indexOf("\r\n\r\n");
      r.payload_sha1 = end < 0 ? "" : "sha1:" + base32(sha1(block.subarray(end + 4)));
      r.status_line = block.subarray(0, block.indexOf("\r\n")).toString("latin1");
    }
    out.push(r);
  }
  return out;
}

async function cdx(file) {
  const indexer = new CDXIndexer({ all: true, format: "json" });
  const out = [];
  for await (const line of indexer.iterIndex([{ filename: file, reader: fs.createReadStream(file) }])) {
    out.push(line);
  }
  return out;
}

function sha1(b) {
  return crypto.createHash("sha1").update(b).digest();
}

// base32 is RFC 4648 without padding, as WARC digests are written.
function base32(buf) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, s = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      s += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) s += alphabet[(value << (5 - bits)) & 31];
  return s;
}

async function main() {
  const file = process.argv[2];
  const result = { records: await records(file), cdx: await cdx(file) };
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
