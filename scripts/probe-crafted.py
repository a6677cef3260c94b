#!/usr/bin/env python3
"""Runs the release binary on every case of a crafted corpus (scripts/crafted/craft.py) and checks that
nothing crafted takes TokenGen down: no crash (signal or exit code other than 0/1), no hang (timeout),
no run above the RSS limit, exit 1 with exactly one JSON line {"error": …} of at most ~400 characters,
no pickle code run (each evil pickle's marker file must not exist), and a FIFO fails at once.

  probe-crafted.py BINARY CORPUS_DIR [--timeout 20] [--rss-mb 2048] [--vm-gb 8]
"""
import argparse
import concurrent.futures
import json
import os
import resource
import subprocess
import sys
import threading
import time


def run(binary, args, timeout, vm_bytes):
    """Runs one case; returns (exit code or -signal, hung, stdout, stderr, peak RSS in MB)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (vm_bytes, vm_bytes))
        os.nice(5)
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    p = subprocess.Popen([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         preexec_fn=limit, env=env)
    chunks = {"out": [], "err": []}
    readers = [threading.Thread(target=lambda f, k: chunks[k].append(f.read()), args=(p.stdout, "out")),
               threading.Thread(target=lambda f, k: chunks[k].append(f.read()), args=(p.stderr, "err"))]
    for t in readers:
        t.start()
    deadline, hung = time.time() + timeout, False
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.time() > deadline:
            hung = True
            p.kill()
            pid, status, usage = os.wait4(p.pid, 0)
            break
        time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    return p.returncode, hung, b"".join(chunks["out"]), b"".join(chunks["err"]), usage.ru_maxrss // 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("corpus")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--rss-mb", type=int, default=2048)
    ap.add_argument("--vm-gb", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=4, help="runs at once (most of a run's time is start-up)")
    ap.add_argument("--commands", default="tokenize,analyze", help="which commands to run on each case")
    a = ap.parse_args()
    cases = json.load(open(os.path.join(a.corpus, "cases.json")))
    counts, failures, peak = {}, [], [0]
    tasks = []
    for case in cases:
        if case.get("marker") and os.path.exists(case["marker"]):
            os.remove(case["marker"])
        commands = {"tokenize": ["tokenize", "--model", case["model"], "--text", "hi there", "--json"],
                    "analyze": ["analyze", "--model", case["model"], "--prompt", "hi there", "--clusters", "2",
                                "--json"]}
        for name in a.commands.split(","):
            tasks.append((case, commands[name]))
    done = [0]
    lock = threading.Lock()

    def one(task):
        case, args = task
        result = run(a.binary, args, a.timeout, a.vm_gb << 30)
        with lock:
            done[0] += 1
            if done[0] % 100 == 0:
                print(f"… {done[0]}/{len(tasks)} runs", file=sys.stderr, flush=True)
        return case, args, result

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        results = list(pool.map(one, tasks))
    for case, args, (code, hung, out, err, rss_mb) in results:
        peak[0] = max(peak[0], rss_mb)
        problem = None
        if hung:
            problem = f"hang (> {a.timeout}s)"
        elif code is None or code < 0 or code not in (0, 1):
            problem = f"crash (exit {code}): {err.decode(errors='replace')[-300:]}"
        elif rss_mb > a.rss_mb:
            problem = f"RSS {rss_mb} MB"
        elif code == 1:
            lines = out.decode(errors="replace").strip().split("\n")
            try:
                msg = json.loads(lines[0])["error"] if len(lines) == 1 else None
            except (ValueError, KeyError, TypeError):
                msg = None
            if msg is None:
                problem = f"exit 1 without one JSON error line: {out[:200]!r}"
            elif len(msg) > 420:
                problem = f"error message of {len(msg)} characters"
        elif "fifo" in case["name"]:
            problem = "a FIFO case succeeded"
        if case.get("marker") and os.path.exists(case["marker"]):
            problem = "PICKLE CODE RAN"
        c = counts.setdefault(case["kind"], {"cases": set(), "runs": 0, "ok": 0, "clean error": 0, "problem": 0})
        c["cases"].add(case["name"])
        c["runs"] += 1
        if problem:
            c["problem"] += 1
            failures.append(f"{case['kind']}/{case['name']} {args[0]}: {problem}")
        else:
            c["ok" if code == 0 else "clean error"] += 1
    print(f"{'kind':<6} {'cases':>6} {'runs':>6} {'ok':>6} {'clean error':>12} {'problem':>8}")
    for k, c in counts.items():
        print(f"{k:<6} {len(c['cases']):>6} {c['runs']:>6} {c['ok']:>6} {c['clean error']:>12} {c['problem']:>8}")
    print(f"largest RSS of any run: {peak[0]} MB")
    for f in failures:
        print("PROBLEM", f)
    total = sum(c["runs"] for c in counts.values())
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
