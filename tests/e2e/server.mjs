// A tiny static file server for the end-to-end tests: serves one folder (dist/) on
// 127.0.0.1, with the MIME types a browser needs (application/wasm for
// WebAssembly.instantiateStreaming), no caching, and nothing outside the folder.
//
//   import { startServer } from './server.mjs';
//   const server = await startServer('dist');   // a free port
//   server.origin  // "http://127.0.0.1:41234"
//   await server.close();
//
// Standalone: node tests/e2e/server.mjs [--port N] [DIR]   (default: dist, port 8080)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.gz': 'application/gzip',
  '.br': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Serves `root` on host:port (port 0: any free port). Resolves once listening. */
export function startServer(root, { host = '127.0.0.1', port = 0, log = null } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const done = (status, headers, body) => {
      res.writeHead(status, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) log(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return done(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed\n');
    }
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return done(400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    }
    let file = path.join(base, rel);
    if (file !== base && !file.startsWith(base + path.sep)) {
      return done(403, { 'Content-Type': 'text/plain' }, 'forbidden\n');
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!rel.endsWith('/')) {
          return done(301, { Location: rel + '/' }, '');
        }
        file = path.join(file, 'index.html');
      }
      fs.readFile(file, (err2, data) => {
        if (err2) return done(404, { 'Content-Type': 'text/plain' }, 'not found\n');
        done(200, { 'Content-Type': mimeType(file), 'Content-Length': data.length }, data);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      const origin = `http://${host}:${actual}`;
      resolve({
        port: actual,
        origin,
        url: origin + '/',
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

// Standalone use.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let port = 8080;
  let dir = 'dist';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i].startsWith('-')) {
      console.error('usage: node tests/e2e/server.mjs [--port N] [DIR]');
      process.exit(2);
    } else dir = args[i];
  }
  const s = await startServer(dir, { port, log: (l) => console.log(l) });
  console.log(`Serving ${path.resolve(dir)} at ${s.url}`);
}
