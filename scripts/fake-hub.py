#!/usr/bin/env python3
"""A loopback stand-in for the Hugging Face Hub, for TokenGen's download tests (stdlib only).

Serves the fixture models (../shared/fixtures/models) as Hub repositories, with the headers
huggingface_hub reads (see its file_download.py):

  GET  /api/models/{repo}/revision/{rev}[?blobs=true]   sha, siblings (size, blobId, lfs.sha256), config.model_type
  GET  /api/models/{repo}/tree/{rev}?recursive=true      the file listing snapshot_download reads
  HEAD/GET /{repo}/resolve/{rev}/{file}                  200 + X-Repo-Commit + ETag (git blob sha1) for small files;
                                                         302 to the "CDN" port + X-Linked-Etag (sha256) + X-Linked-Size
                                                         for LFS files (*.safetensors, *.bin, *.gguf, *.model)
  GET  {cdn}/blobs/{sha256}                              the bytes, with Range support (206 + Content-Range)
  GET  /_stats                                           what was served (JSON), for the tests

Errors carry X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo) and X-Error-Message.
Bare names `gpt2` and `distilgpt2` answer a relative 307 to their organisation's repo, as the Hub does.

Modes for failure tests: --token (gated repos need it), --drop-after N --drop-count K (the first K CDN
transfers close the connection after N bytes), --corrupt NAME (one byte of that file's blob flipped),
--throttle BYTES_PER_SECOND, --fail-first K (the first K CDN requests answer 503).

Prints one line `HUB http://127.0.0.1:PORT CDN http://127.0.0.1:PORT` when listening; exits when stdin closes
(so a test that dies leaves no server behind) or on SIGTERM.
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit, parse_qs

LFS_SUFFIXES = (".safetensors", ".bin", ".gguf", ".model")
NO_REFERENCES = lambda name: not name.startswith("reference")
NO_GGUF = lambda name: NO_REFERENCES(name) and not name.endswith(".gguf")

# repo id -> (fixture folder, which of its files, gated)
REPOS = {
    "tiny/gpt2": ("gpt2-tiny", NO_REFERENCES, False),
    "tiny/opt-bin": ("opt-tiny", lambda n: n in ("config.json", "generation_config.json", "pytorch_model.bin"), False),
    "tiny/llama-gguf": ("llama-tiny", lambda n: n.endswith(".gguf"), False),
    "tiny/gated": ("llama-tiny", NO_GGUF, True),
    "tiny/mamba": ("gpt2-tiny", NO_GGUF, False, "mamba"),  # a family TokenGen does not run
    "openai-community/gpt2": ("gpt2-tiny", NO_GGUF, False),
    "openai-community/gpt2-medium": ("gpt2-tiny", NO_GGUF, False),
    "distilbert/distilgpt2": ("gpt2-tiny", NO_GGUF, False),
    "facebook/opt-1.3b": ("opt-tiny", NO_GGUF, False),
    "HuggingFaceTB/SmolLM2-135M-Instruct": ("llama-tiny", NO_GGUF, False),
    "HuggingFaceTB/SmolLM2-360M-Instruct": ("llama-tiny", NO_GGUF, False),
    "EleutherAI/pythia-70m": ("pythia-tiny", NO_GGUF, False),
    "EleutherAI/pythia-160m": ("pythia-tiny", NO_GGUF, False),
    "Qwen/Qwen2.5-0.5B": ("qwen2-tiny", NO_GGUF, False),
    "google/gemma-3-270m": ("gemma3-tiny", NO_GGUF, True),
    "TinyLlama/TinyLlama-1.1B-Chat-v1.0": ("llama-tiny", NO_GGUF, False),
}
ALIASES = {"gpt2": "openai-community/gpt2", "distilgpt2": "distilbert/distilgpt2"}


class Repo:
    def __init__(self, repo_id, folder, keep, gated, model_type=None, fixtures=""):
        self.id, self.gated = repo_id, gated
        self.sha = hashlib.sha1(("commit of " + repo_id).encode()).hexdigest()
        base = os.path.join(fixtures, folder)
        self.paths = {n: os.path.join(base, n) for n in sorted(os.listdir(base)) if keep(n)}
        self.extra = {"README.md": ("# %s\n\nA tiny random model served by TokenGen's fake hub.\n" % repo_id).encode(),
                      ".gitattributes": b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n"}
        with open(os.path.join(base, "config.json")) as f:
            config = json.load(f)
        if model_type:
            config["model_type"] = model_type
            self.extra["config.json"] = json.dumps(config, indent=2).encode()
            del self.paths["config.json"]
        self.model_type = config.get("model_type")

    def names(self):
        return sorted(list(self.paths) + list(self.extra))

    def content(self, name):
        if name in self.extra:
            return self.extra[name]
        return read_file(self.paths[name])

    def is_lfs(self, name):
        return name.endswith(LFS_SUFFIXES)

    def sibling(self, name, blobs):
        data = self.content(name)
        entry = {"rfilename": name}
        if blobs:
            entry["size"] = len(data)
            entry["blobId"] = git_sha1(data) if not self.is_lfs(name) else hashlib.sha1(b"pointer " + data[:64]).hexdigest()
            if self.is_lfs(name):
                entry["lfs"] = {"sha256": sha256_of(data), "size": len(data), "pointerSize": 134}
        return entry


_FILES = {}
_FILES_LOCK = threading.Lock()


def read_file(path):
    """A fixture file's bytes, read once and shared by every repo that serves it."""
    with _FILES_LOCK:
        if path not in _FILES:
            with open(path, "rb") as f:
                _FILES[path] = f.read()
        return _FILES[path]


_SHA256 = {}


def sha256_of(data):
    key = id(data)
    if key not in _SHA256:
        _SHA256[key] = (hashlib.sha256(data).hexdigest(), data)
    return _SHA256[key][0]


def git_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.repos = {rid: Repo(rid, *spec, fixtures=args.fixtures) for rid, spec in REPOS.items()}
        self.blobs = {}  # sha256 -> (repo, name)
        for repo in self.repos.values():
            for name in repo.names():
                if repo.is_lfs(name):
                    self.blobs[sha256_of(repo.content(name))] = (repo, name)
        self.stats = {"api_requests": 0, "resolve_requests": 0, "cdn_requests": 0, "cdn_bytes": 0,
                      "ranges": [], "auth_seen_on_cdn": 0, "resolve_files": []}
        self.drops_left = args.drop_count
        self.fails_left = args.fail_first
        self.cdn_port = 0

    def count(self, key, amount=1):
        with self.lock:
            self.stats[key] += amount


def make_handler(state, is_cdn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def error(self, status, code, message, extra=None):
            body = json.dumps({"error": message}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if code:
                self.send_header("X-Error-Code", code)
                self.send_header("X-Error-Message", message)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.handle_any()

        def do_GET(self):
            self.handle_any()

        def handle_any(self):
            try:
                if is_cdn:
                    self.serve_cdn()
                else:
                    self.serve_hub()
            except (BrokenPipeError, ConnectionResetError):
                pass

        # ---- hub ----
        def serve_hub(self):
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            if path == "/_stats":
                with state.lock:
                    body = json.dumps(state.stats).encode()
                return self.send_body(200, body, {"Content-Type": "application/json"})
            if path.startswith("/api/models/"):
                return self.serve_api(path[len("/api/models/"):], parse_qs(parts.query))
            words = path.strip("/").split("/")
            for n in (2, 1):
                if len(words) > n + 1 and words[n] == "resolve":
                    repo_id, rev, name = "/".join(words[:n]), words[n + 1], "/".join(words[n + 2:])
                    return self.serve_resolve(repo_id, rev, name, parts.query)
            self.error(404, None, "no such page")

        def serve_api(self, rest, query):
            state.count("api_requests")
            if "/tree/" in rest:
                return self.serve_tree(*rest.split("/tree/", 1))
            if "/revision/" not in rest:
                repo_id, rev = rest.strip("/"), "main"
            else:
                repo_id, rev = rest.split("/revision/", 1)
            repo_id = ALIASES.get(repo_id, repo_id)
            repo = state.repos.get(repo_id)
            if repo is None:
                return self.error(401, "RepoNotFound", "Repository not found")
            if rev not in ("main", repo.sha):
                return self.error(404, "RevisionNotFound", "Invalid rev id: %s" % rev)
            blobs = query.get("blobs", ["false"])[0].lower() == "true"
            doc = {"id": repo.id, "modelId": repo.id, "sha": repo.sha, "private": False,
                   "gated": "manual" if repo.gated else False,
                   "config": {"model_type": repo.model_type},
                   "siblings": [repo.sibling(n, blobs) for n in repo.names()]}
            self.send_body(200, json.dumps(doc).encode(), {"Content-Type": "application/json"})

        def serve_tree(self, repo_id, rev):
            """`GET /api/models/{repo}/tree/{rev}?recursive=true`: the listing snapshot_download reads."""
            repo = state.repos.get(ALIASES.get(repo_id, repo_id))
            if repo is None:
                return self.error(401, "RepoNotFound", "Repository not found")
            if rev.strip("/") not in ("main", repo.sha):
                return self.error(404, "RevisionNotFound", "Invalid rev id: %s" % rev)
            entries = []
            for name in repo.names():
                sibling = repo.sibling(name, True)
                entry = {"type": "file", "path": name, "size": sibling["size"], "oid": sibling["blobId"]}
                if "lfs" in sibling:
                    entry["lfs"] = {"oid": sibling["lfs"]["sha256"], "size": sibling["size"], "pointerSize": 134}
                entries.append(entry)
            self.send_body(200, json.dumps(entries).encode(), {"Content-Type": "application/json"})

        def authorized(self):
            return state.args.token and self.headers.get("Authorization") == "Bearer " + state.args.token

        def serve_resolve(self, repo_id, rev, name, query):
            state.count("resolve_requests")
            if repo_id in ALIASES:
                target = "/%s/resolve/%s/%s" % (ALIASES[repo_id], rev, name)
                return self.send_body(307, b"", {"Location": target})
            repo = state.repos.get(repo_id)
            if repo is None:
                return self.error(401, "RepoNotFound", "Repository Not Found for url: %s" % self.path)
            if repo.gated and not self.authorized():
                status = 403 if self.headers.get("Authorization") else 401
                return self.error(status, "GatedRepo", "Access to model %s is restricted. You must have access to it "
                                  "and be authenticated to access it. Please log in." % repo.id)
            if rev not in ("main", repo.sha):
                return self.error(404, "RevisionNotFound", "Invalid rev id: %s" % rev)
            if name not in repo.names():
                return self.error(404, "EntryNotFound", "%s does not exist on \"%s\"" % (name, rev),
                                  {"X-Repo-Commit": repo.sha})
            with state.lock:
                state.stats["resolve_files"].append(name)
            data = repo.content(name)
            common = {"X-Repo-Commit": repo.sha}
            if repo.is_lfs(name):
                sha = sha256_of(data)
                location = "http://127.0.0.1:%d/blobs/%s?name=%s" % (state.cdn_port, sha, name)
                common.update({"Location": location, "X-Linked-Etag": '"%s"' % sha,
                               "X-Linked-Size": str(len(data)), "ETag": '"%s"' % git_sha1(b"pointer " + data[:64])})
                return self.send_body(302, b"", common)
            common["ETag"] = '"%s"' % git_sha1(data)
            common["Content-Type"] = "application/octet-stream"
            self.send_body(200, data, common)

        def send_body(self, status, body, headers):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        # ---- cdn ----
        def serve_cdn(self):
            path = urlsplit(self.path).path
            state.count("cdn_requests")
            if self.headers.get("Authorization"):
                state.count("auth_seen_on_cdn")
                return self.error(400, None, "the CDN must never receive the Hub token")
            sha = path.rsplit("/", 1)[-1]
            if not path.startswith("/blobs/") or sha not in state.blobs:
                return self.error(404, None, "no such blob")
            repo, name = state.blobs[sha]
            data = repo.content(name)
            if state.args.corrupt == name:
                middle = len(data) // 2
                data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]
            if self.command == "GET":
                with state.lock:
                    fail = state.fails_left > 0
                    if fail:
                        state.fails_left -= 1
                if fail:
                    return self.error(503, None, "try again later", {"Retry-After": "0"})
            start, end = 0, len(data) - 1
            rng = self.headers.get("Range")
            status = 200
            if rng:
                with state.lock:
                    state.stats["ranges"].append(rng)
                spec = rng.replace("bytes=", "").split("-")
                start = int(spec[0])
                if spec[1]:
                    end = min(int(spec[1]), end)
                if start >= len(data):
                    return self.send_body(416, b"", {"Content-Range": "bytes */%d" % len(data)})
                status = 206
            body = data[start:end + 1]
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", '"%s"' % sha)
            self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, len(data)))
            self.end_headers()
            if self.command == "HEAD":
                return
            drop_at = None
            with state.lock:
                if state.drops_left > 0 and len(body) > state.args.drop_after:
                    state.drops_left -= 1
                    drop_at = state.args.drop_after
            self.stream(body if drop_at is None else body[:drop_at])
            if drop_at is not None:
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)

        def stream(self, body):
            chunk = 64 * 1024
            for i in range(0, len(body), chunk):
                piece = body[i:i + chunk]
                self.wfile.write(piece)
                state.count("cdn_bytes", len(piece))
                if state.args.throttle:
                    time.sleep(len(piece) / state.args.throttle)

    return Handler


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fixtures", default=os.path.join(here, "..", "..", "shared", "fixtures", "models"))
    p.add_argument("--token", default="")
    p.add_argument("--drop-after", type=int, default=0)
    p.add_argument("--drop-count", type=int, default=0)
    p.add_argument("--corrupt", default="")
    p.add_argument("--throttle", type=float, default=0)
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()
    state = State(args)
    hub = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state, False))
    cdn = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state, True))
    hub.daemon_threads = cdn.daemon_threads = True
    state.cdn_port = cdn.server_address[1]
    threading.Thread(target=cdn.serve_forever, daemon=True).start()
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    print("HUB http://127.0.0.1:%d CDN http://127.0.0.1:%d" % (hub.server_address[1], state.cdn_port), flush=True)
    try:
        while sys.stdin.buffer.read(1):
            pass
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
