#!/usr/bin/env python3
"""chaos.py WORKDIR INPUTS KILLS SEED
Starts the simulator (faults, --state), then runs the same import again and again, killing it
(SIGKILL/SIGTERM/SIGINT, sometimes TERM then KILL during its report writing) at random moments,
restarting the simulator with SIGTERM every few kills; then re-runs until a run ends by itself.
A re-run after success goes last (its reports r2.*): it must send nothing but the rows Senior
refused. Logs everything to WORKDIR/chaos.log; leaves the simulator running (ADDR on the last line)
for compare.py. Environment: IMPORTER (the binary; default bin/importer), MAXDELAY (latest kill,
s; 25), SIMCHAOS=1 (also kill the simulator mid-run, SIGKILL or SIGTERM, and start it again),
BATCH (--batch), LATENCY (the simulator's --latency; 3ms).

  go build -o bin/importer ./cmd/importer && go run scripts/chaos/gen.go /tmp/cw/in
  SIMCHAOS=1 python3 scripts/chaos/chaos.py /tmp/cw/c1 /tmp/cw/in 14 3
  python3 scripts/chaos/compare.py ADDR /tmp/cw/expected.json /tmp/cw/c1/r.jsonl
  go run scripts/chaos/xlsxcount.go /tmp/cw/c1/r.xlsx"""
import os, random, signal, subprocess, sys, time, glob, json

work, inputs, kills, seed = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
B = os.environ.get("IMPORTER", os.path.abspath("bin/importer"))
os.makedirs(work, exist_ok=True)
os.chdir(work)
rnd = random.Random(seed)
log = open("chaos.log", "a", buffering=1)
def say(*a):
    s = time.strftime("%H:%M:%S ") + " ".join(str(x) for x in a)
    print(s, flush=True); log.write(s + "\n")

SIM_ARGS = ["--quiet", "--state", "sim.json", "--latency", os.environ.get("LATENCY", "3ms"), "--fault", "reset_after=0.01", "--fault", "http503=0.01",
            "--fault", "truncated=0.005", "--fault", "slow=0.002", "--slow-delay", "3s", "--fault", "reset_before=0.005"]
sim = None
addr_port = None
def start_sim():
    global sim, addr_port
    addr = "127.0.0.1:%d" % addr_port if addr_port else "127.0.0.1:0"
    sim = subprocess.Popen([B, "simulate", "--addr", addr, "--seed", str(rnd.randrange(1 << 30))] + SIM_ARGS,
                           stdout=subprocess.PIPE, stderr=open("sim.err", "a"), text=True)
    line = sim.stdout.readline().strip()
    addr_port = int(line.rsplit(":", 1)[1])
    say("simulator", sim.pid, "at", line)
def stop_sim(sig=signal.SIGTERM):
    try:
        st = json.load(__import__("urllib.request").request.urlopen("http://127.0.0.1:%d/_stats" % addr_port, timeout=10))
    except Exception as e:
        st = {"error": str(e)}
    say("simulator stats before stop:", json.dumps({k: st.get(k) for k in ("requests", "accepted", "rejected", "invalid", "duplicate_includes", "stored")}))
    sim.send_signal(sig)
    rc = sim.wait()
    say("simulator stopped by", sig.name, "rc", rc, "state", os.path.getsize("sim.json") if os.path.exists("sim.json") else None)

start_sim()
def cmd():
    return [B, "run", "--endpoint", "http://127.0.0.1:%d" % addr_port, "--user", "demo", "--password-env", "SENIOR_PW",
            "--journal", "j.db", "--report", "r.jsonl", "--report", "r.csv", "--report", "r.xlsx", "--reimport", "corrigir",
            "--summary", "s.json", "--grace", "500ms", "--give-up-after", "30s"] + (["--batch", os.environ["BATCH"]] if os.environ.get("BATCH") else []) + [inputs]
env = dict(os.environ, SENIOR_PW="demo")
t0 = time.time()
runs = 0
done_kills = 0
while True:
    runs += 1
    errf = open("run-%02d.log" % runs, "w")
    p = subprocess.Popen(cmd(), env=env, stdout=errf, stderr=subprocess.STDOUT)
    killing = done_kills < kills
    how = ""
    simt = None
    if os.environ.get("SIMCHAOS") and rnd.random() < 0.4:
        at, ssig, pause = rnd.uniform(1, 15), rnd.choice([signal.SIGKILL, signal.SIGTERM]), rnd.uniform(0.5, 4)
        def simchaos(at=at, ssig=ssig, pause=pause):
            if p.poll() is not None:
                return
            say("  simulator killed mid-run by %s at %.1fs, back after %.1fs" % (ssig.name, at, pause))
            stop_sim(ssig); time.sleep(pause); start_sim()
        import threading
        simt = threading.Timer(at, simchaos); simt.start()
    if killing:
        r = rnd.random()
        if r < 0.2:
            delay = rnd.uniform(0, 1.0)          # the first second
        elif r < 0.35:
            delay = rnd.uniform(1, 3)
        else:
            delay = rnd.uniform(3, float(os.environ.get('MAXDELAY', '25')))
        sig = rnd.choice([signal.SIGKILL, signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
        try:
            p.wait(timeout=delay)
            killing = False
        except subprocess.TimeoutExpired:
            pass
    if killing:
        p.send_signal(sig)
        how = "%s at %.2fs" % (sig.name, delay)
        if sig != signal.SIGKILL and rnd.random() < 0.5:
            # during its report writing: KILL after it began writing
            d2 = rnd.uniform(0.05, 3)
            try:
                p.wait(timeout=d2)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                how += " then SIGKILL %.2fs later" % d2
        done_kills += 1
    rc = p.wait()
    if simt:
        simt.cancel(); simt.join()
    left = sorted(glob.glob(".*tmp*") + glob.glob("corrigir/.*tmp*"))
    wal = os.path.getsize("j.db-wal") if os.path.exists("j.db-wal") else None
    say("run %d rc %d %s; left %s; wal %s" % (runs, rc, how or "ran to its end", left, wal))
    if not how and rc in (0, 1):
        break
    if not how and rc not in (0, 1):
        say("run ended by itself with rc", rc)
        if runs > kills + 10:
            break
    # restart the simulator now and then (its store must survive a SIGTERM)
    if how and done_kills % 6 == 3:
        stop_sim(); start_sim()
say("kills %d runs %d time %.0fs" % (done_kills, runs, time.time() - t0))
# a re-run after success: sends nothing
before = json.load(__import__("urllib.request").request.urlopen("http://127.0.0.1:%d/_stats" % addr_port))
m = {"r.jsonl": "r2.jsonl", "r.csv": "r2.csv", "r.xlsx": "r2.xlsx", "s.json": "s2.json", "corrigir": "corrigir2"}
c = [m.get(x, x) for x in cmd()]
rc = subprocess.call(c, env=env, stdout=open("rerun.log", "w"), stderr=subprocess.STDOUT)
after = json.load(__import__("urllib.request").request.urlopen("http://127.0.0.1:%d/_stats" % addr_port))
say("re-run after success rc", rc, "requests before", before["requests"], "after", after["requests"])
print("ADDR 127.0.0.1:%d" % addr_port)
