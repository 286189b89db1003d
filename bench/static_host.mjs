// A static host for bench/search.py: the built site over HTTP/2 and TLS with gzip for text, as GitHub Pages
// serves it (Python's own server speaks HTTP/1.1, where a browser opens at most 6 connections to one host).
//     node bench/static_host.mjs SITE_DIR CERT_FILE KEY_FILE      (prints "listening PORT" when ready)
import { createSecureServer } from "node:http2";
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const [root, cert, key] = process.argv.slice(2);
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".geojson": "application/geo+json", ".svg": "image/svg+xml", ".png": "image/png",
  ".ico": "image/x-icon", ".xml": "application/xml", ".txt": "text/plain", ".csv": "text/csv",
  ".wasm": "application/wasm",
};
const COMPRESSED = /^(text\/|application\/(json|geo\+json|xml)|image\/svg)/;
const zipped = new Map();

const server = createSecureServer({ cert: readFileSync(cert), key: readFileSync(key), allowHTTP1: true });
server.on("request", (req, res) => {
  const path = decodeURIComponent(new URL(req.url, "https://host").pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(normalize(root))) return send(res, 403);
  let stat;
  try {
    stat = statSync(file);
    if (stat.isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { location: path + "/" });
        return res.end();
      }
      file = join(file, "index.html");
      stat = statSync(file);
    }
  } catch {
    return send(res, 404);
  }
  const type = TYPES[extname(file)] || "application/octet-stream";
  const headers = { "content-type": type, "cache-control": "max-age=600" };
  let body = readFileSync(file);
  if (COMPRESSED.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
    if (!zipped.has(file)) zipped.set(file, gzipSync(body, { level: 6 }));
    body = zipped.get(file);
    headers["content-encoding"] = "gzip";
  }
  headers["content-length"] = body.length;
  res.writeHead(200, headers);
  res.end(body);
});

function send(res, status) {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(String(status));
}

server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
