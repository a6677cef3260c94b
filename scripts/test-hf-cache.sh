#!/usr/bin/env bash
# Checks that TokenGen and huggingface_hub share one cache, both ways, against the loopback fake hub:
#   1. `tokengen download` writes a cache that huggingface_hub reads (scan_cache_dir, hf_hub_download and
#      snapshot_download with local_files_only=True), partial files included;
#   2. a cache huggingface_hub wrote is what `tokengen download` (offline and online) and `analyze` use.
# huggingface_hub comes from PyPI into a virtual environment kept in .build/hf-venv (so the check is fast
# after the first run); if pip cannot install it, the check is skipped with a message. Part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bin="${TOKENGEN_BIN:-}"
for c in release debug; do [ -z "$bin" ] && [ -x ".build/$c/tokengen" ] && bin="$root/.build/$c/tokengen"; done
[ -n "$bin" ] || { echo "hf-cache-test: tokengen is not built (run make test)" >&2; exit 1; }

venv="$root/.build/hf-venv"
if ! "$venv/bin/python" -c "import huggingface_hub" 2>/dev/null; then
  rm -rf "$venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check "huggingface_hub>=0.30"; } \
      > /tmp/hf-cache-test-pip.log 2>&1; then
    echo "hf-cache-test: SKIPPED — could not install huggingface_hub with pip (see /tmp/hf-cache-test-pip.log)"
    rm -rf "$venv"
    exit 0
  fi
fi
py="$venv/bin/python"

work="$(mktemp -d)"
hub_pid=""
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkfifo "$work/hub-stdin"
python3 scripts/fake-hub.py --token hf_check_token < "$work/hub-stdin" > "$work/hub.txt" 2>&1 &
hub_pid=$!
exec 3> "$work/hub-stdin"  # the fake hub exits when this closes
for _ in $(seq 100); do [ -s "$work/hub.txt" ] && break; sleep 0.1; done
endpoint="$(awk '{print $2}' "$work/hub.txt")"
[ -n "$endpoint" ] || { cat "$work/hub.txt" >&2; echo "hf-cache-test: the fake hub did not start" >&2; exit 1; }
export HF_ENDPOINT="$endpoint" HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_PROGRESS_BARS=1 HF_HUB_DISABLE_XET=1
unset HF_TOKEN HF_HUB_OFFLINE HF_HOME HF_TOKEN_PATH
passed=0

# 1. Ours → theirs.
ours="$work/ours"
HF_HUB_CACHE="$ours" "$bin" download tiny/gpt2 --json > "$work/gpt2.json"
HF_HUB_CACHE="$ours" "$bin" download tiny/llama-gguf --file llama-tiny-q.gguf > /dev/null
HF_HUB_CACHE="$ours" HF_TOKEN=hf_check_token "$bin" download tiny/gated > /dev/null
# A partial download (as Ctrl+C leaves it) must not upset the Python reader.
printf 'partial' > "$ours/models--tiny--gpt2/blobs/$(printf '%064d' 0).incomplete"
HF_HUB_OFFLINE=1 "$py" - "$ours" "$work/gpt2.json" <<'PY'
import hashlib, json, os, sys
from huggingface_hub import scan_cache_dir, hf_hub_download, snapshot_download
cache, ours = sys.argv[1], json.load(open(sys.argv[2]))
info = scan_cache_dir(cache)
assert not info.warnings, info.warnings
repos = {r.repo_id: r for r in info.repos}
assert set(repos) == {"tiny/gpt2", "tiny/llama-gguf", "tiny/gated"}, set(repos)
gpt2 = repos["tiny/gpt2"]
(revision,) = gpt2.revisions
assert revision.commit_hash == ours["commit"] and "main" in revision.refs, (revision.commit_hash, revision.refs)
assert {f.file_name for f in revision.files} == {f["name"] for f in ours["files"]}
for f in ours["files"]:
    path = hf_hub_download("tiny/gpt2", f["name"], cache_dir=cache, local_files_only=True)
    assert os.path.dirname(path) == ours["path"], (path, ours["path"])
    data = open(path, "rb").read()
    assert len(data) == f["size"] and hashlib.sha256(data).hexdigest() == f["sha256"], f["name"]
assert snapshot_download("tiny/gpt2", cache_dir=cache, local_files_only=True) == ours["path"]
gguf = hf_hub_download("tiny/llama-gguf", "llama-tiny-q.gguf", cache_dir=cache, local_files_only=True)
assert os.path.getsize(gguf) == 5195584
hf_hub_download("tiny/gated", "model.safetensors", cache_dir=cache, local_files_only=True)
incomplete = getattr(info, "incomplete_files", None)
assert incomplete is None or len(incomplete) == 1, incomplete
print("hf-cache-test: huggingface_hub reads the cache tokengen wrote (%d repos)" % len(repos))
PY
passed=$((passed + 1))

# 2. Theirs → ours.
theirs="$work/theirs"
HF_HUB_CACHE="$theirs" "$py" - <<'PY'
from huggingface_hub import snapshot_download, hf_hub_download
snapshot_download("tiny/gpt2", allow_patterns=["*.json", "*.safetensors"])
hf_hub_download("tiny/llama-gguf", "llama-tiny-q.gguf")
PY
before="$(python3 -c "import json,urllib.request;print(json.load(urllib.request.urlopen('$endpoint/_stats'))['cdn_bytes'])")"
HF_HUB_CACHE="$theirs" HF_HUB_OFFLINE=1 "$bin" download tiny/gpt2 --json > "$work/theirs-offline.json"
HF_HUB_CACHE="$theirs" "$bin" download tiny/gpt2 --json > "$work/theirs-online.json"
HF_HUB_CACHE="$theirs" HF_HUB_OFFLINE=1 "$bin" download tiny/llama-gguf --file llama-tiny-q.gguf > /dev/null
after="$(python3 -c "import json,urllib.request;print(json.load(urllib.request.urlopen('$endpoint/_stats'))['cdn_bytes'])")"
[ "$before" = "$after" ] || { echo "hf-cache-test: tokengen downloaded again what huggingface_hub had cached" >&2; exit 1; }
python3 - "$work/theirs-offline.json" "$work/theirs-online.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["path"] == b["path"] and a["commit"] == b["commit"], (a, b)
assert {f["name"]: f["sha256"] for f in a["files"]} == {f["name"]: f["sha256"] for f in b["files"]}
PY
HF_HUB_CACHE="$theirs" HF_HUB_OFFLINE=1 "$bin" analyze --model tiny/gpt2 --prompt "Hello world" --json > "$work/analyze.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d.get('lens'), d" "$work/analyze.json"
echo "hf-cache-test: tokengen uses the cache huggingface_hub wrote, with no new transfer"
passed=$((passed + 1))
echo "hf-cache-test: $passed passed, 0 failed"
