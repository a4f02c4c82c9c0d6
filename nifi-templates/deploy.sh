#!/usr/bin/env bash
# Uploads every flow definition (*.json) of NIFI_FLOWS_DIR into NiFi 2's root process group, sets the parameters
# from the environment, enables the controller services and starts the groups. Needs bash and python3 (standard
# library only): run it in an official python:3.x-slim image. Idempotent: a group of the same name whose content
# hash (kept in its comments) matches is left as is and only converged (parameters, services, running); a changed
# flow replaces the group, but only while none of its queues holds data (it never drops FlowFiles).
#
# Environment: NIFI_URL (https://nifi:8443), NIFI_USERNAME, NIFI_PASSWORD (single-user login), NIFI_FLOWS_DIR
# (default: this script's directory), NIFI_CA_CERT (optional PEM; without it the self-signed certificate is
# accepted), NIFI_WAIT_SECONDS (default 300: how long to wait for NiFi and for services), and one variable per
# flow parameter, named in the parameter's description as [env NAME].
# Usage: deploy.sh [--dry-run]   (--dry-run checks the flows and the environment, prints the planned API calls,
#                                 and contacts nothing)
set -euo pipefail
if ! command -v python3 >/dev/null 2>&1; then
  echo "deploy.sh: python3 is required (run this in a python:3.x-slim image)" >&2
  exit 2
fi
export NIFI_FLOWS_DIR="${NIFI_FLOWS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
exec python3 - "$@" <<'PY'
import glob, hashlib, json, os, re, ssl, sys, time, urllib.error, urllib.parse, urllib.request, uuid

DRY = "--dry-run" in sys.argv[1:]
CLIENT_ID = str(uuid.uuid4())
WAIT = int(os.environ.get("NIFI_WAIT_SECONDS", "300"))


class DeployError(Exception):
    pass


def load_flows(folder):
    files = sorted(glob.glob(os.path.join(folder, "*.json")))
    if not files:
        raise DeployError(f"no flow definitions (*.json) in {folder}")
    flows = []
    for path in files:
        raw = open(path, "rb").read()
        try:
            doc = json.loads(raw)
            name = doc["flowContents"]["name"]
        except (ValueError, KeyError, TypeError) as e:
            raise DeployError(f"{path}: not a NiFi flow definition ({e})")
        params = []
        for ctx in (doc.get("parameterContexts") or {}).values():
            for p in ctx.get("parameters", []):
                m = re.search(r"\[env ([A-Z][A-Z0-9_]*)\]$", p.get("description", ""))
                if not m:
                    raise DeployError(f"{path}: parameter {p['name']} does not name its environment variable ([env NAME])")
                params.append({"name": p["name"], "env": m.group(1), "sensitive": bool(p.get("sensitive"))})
        flows.append({"path": path, "name": name, "sha": hashlib.sha256(raw).hexdigest(), "params": params})
    return flows


def check_env(flows):
    needed = ["NIFI_URL", "NIFI_USERNAME", "NIFI_PASSWORD"] + sorted({p["env"] for f in flows for p in f["params"]})
    missing = [v for v in needed if not os.environ.get(v)]
    if missing:
        raise DeployError("missing environment variables: " + ", ".join(missing))


class Nifi:
    def __init__(self, base):
        self.base = base.rstrip("/") + "/nifi-api"
        self.token = None
        ca = os.environ.get("NIFI_CA_CERT")
        self.ctx = ssl.create_default_context(cafile=ca) if ca else ssl._create_unverified_context()

    def call(self, method, path, body=None, form=None, multipart=None, expect_json=True):
        headers = {}
        data = None
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif form is not None:
            data, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        elif multipart is not None:
            data, headers["Content-Type"] = multipart
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, context=self.ctx, timeout=60) as r:
                text = r.read().decode()
        except urllib.error.HTTPError as e:
            raise DeployError(f"{method} {path} -> HTTP {e.code}: {e.read().decode(errors='replace')[:500]}")
        return json.loads(text) if expect_json and text else text

    def login(self, user, password):
        deadline = time.time() + WAIT
        while True:
            try:
                self.token = self.call("POST", "/access/token", form={"username": user, "password": password}, expect_json=False)
                return
            except (urllib.error.URLError, ConnectionError, OSError) as e:
                if time.time() > deadline:
                    raise DeployError(f"NiFi at {self.base} not reachable after {WAIT}s: {e}")
                time.sleep(5)


def multipart_upload(flow):
    boundary = "----lakehouse" + uuid.uuid4().hex
    fields = {"groupName": flow["name"], "positionX": "0", "positionY": "0", "clientId": CLIENT_ID,
              "disconnectedNodeAcknowledged": "false"}
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{os.path.basename(flow["path"])}"\r\n'
                 f"Content-Type: application/json\r\n\r\n".encode() + open(flow["path"], "rb").read() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def wait_for(what, probe):
    deadline = time.time() + WAIT
    while True:
        done, detail = probe()
        if done:
            return
        if time.time() > deadline:
            raise DeployError(f"timed out after {WAIT}s waiting for {what}: {detail}")
        time.sleep(2)


def services_in_state(api, gid, state):
    def probe():
        cs = api.call("GET", f"/flow/process-groups/{gid}/controller-services?includeAncestorGroups=false&includeDescendantGroups=true")
        pending = [f"{s['component']['name']} is {s['component']['state']}"
                   + (f" ({'; '.join(s['component'].get('validationErrors') or [])})" if s['component'].get('validationErrors') else "")
                   for s in cs["controllerServices"] if s["component"]["state"] != state]
        return not pending, ", ".join(pending)
    return probe


def replace_group(api, group, flow):
    gid = group["id"]
    status = api.call("GET", f"/flow/process-groups/{gid}/status")
    queued = status["processGroupStatus"]["aggregateSnapshot"]["flowFilesQueued"]
    if queued:
        raise DeployError(f"group {flow['name']} changed but holds {queued} queued FlowFiles; stop its List processors, "
                          "let the queues drain, then deploy again")
    api.call("PUT", f"/flow/process-groups/{gid}", body={"id": gid, "state": "STOPPED"})
    api.call("PUT", f"/flow/process-groups/{gid}/controller-services", body={"id": gid, "state": "DISABLED"})
    wait_for(f"services of {flow['name']} to disable", services_in_state(api, gid, "DISABLED"))
    fresh = api.call("GET", f"/process-groups/{gid}")
    api.call("DELETE", f"/process-groups/{gid}?version={fresh['revision']['version']}&clientId={CLIENT_ID}")


def set_parameters(api, gid, flow):
    group = api.call("GET", f"/process-groups/{gid}")
    ref = group["component"].get("parameterContext")
    if not ref:
        raise DeployError(f"group {flow['name']} has no parameter context after upload")
    ctx = api.call("GET", f"/parameter-contexts/{ref['id']}")
    params = [{"parameter": {"name": p["name"], "sensitive": p["sensitive"], "value": os.environ[p["env"]]}} for p in flow["params"]]
    body = {"revision": ctx["revision"], "id": ctx["id"], "component": {"id": ctx["id"], "parameters": params}}
    req = api.call("POST", f"/parameter-contexts/{ctx['id']}/update-requests", body=body)["request"]
    path = f"/parameter-contexts/{ctx['id']}/update-requests/{req['requestId']}"

    def probe():
        r = api.call("GET", path)["request"]
        if r.get("failureReason"):
            raise DeployError(f"setting parameters of {flow['name']} failed: {r['failureReason']}")
        return r["complete"], f"{r.get('percentCompleted', 0)}% {r.get('state', '')}"
    wait_for(f"parameters of {flow['name']}", probe)
    api.call("DELETE", path)


def deploy_flow(api, root, flow):
    listing = api.call("GET", f"/process-groups/{root}/process-groups")["processGroups"]
    group = next((g for g in listing if g["component"]["name"] == flow["name"]), None)
    marker = f"flow-sha256={flow['sha']}"
    if group and marker in (group["component"].get("comments") or ""):
        print(f"deploy.sh: {flow['name']} unchanged; converging parameters, services and state")
        gid = group["id"]
    else:
        if group:
            print(f"deploy.sh: {flow['name']} changed; replacing the empty group")
            replace_group(api, group, flow)
        created = api.call("POST", f"/process-groups/{root}/process-groups/upload", multipart=multipart_upload(flow))
        gid = created["id"]
        comments = ((created["component"].get("comments") or "") + f"\n{marker}").strip()
        api.call("PUT", f"/process-groups/{gid}", body={"revision": created["revision"], "component": {"id": gid, "comments": comments}})
        print(f"deploy.sh: uploaded {flow['name']} as group {gid}")
    set_parameters(api, gid, flow)
    api.call("PUT", f"/flow/process-groups/{gid}/controller-services", body={"id": gid, "state": "ENABLED"})
    wait_for(f"services of {flow['name']} to enable", services_in_state(api, gid, "ENABLED"))
    api.call("PUT", f"/flow/process-groups/{gid}", body={"id": gid, "state": "RUNNING"})
    invalid = api.call("GET", f"/process-groups/{gid}").get("invalidCount", 0)
    if invalid:
        raise DeployError(f"{flow['name']} started but {invalid} components are invalid; see the NiFi UI bulletins")
    print(f"deploy.sh: {flow['name']} running")


def print_plan(flows):
    print(f"POST /nifi-api/access/token (username={os.environ['NIFI_USERNAME']}, password=<redacted>)")
    print("GET /nifi-api/flow/process-groups/root")
    for f in flows:
        print(f"# {os.path.basename(f['path'])}: group {f['name']}, flow-sha256={f['sha']}")
        print(f"GET /nifi-api/process-groups/<root>/process-groups (skip if {f['name']} has this hash; replace if it changed and is empty)")
        print(f"POST /nifi-api/process-groups/<root>/process-groups/upload (groupName={f['name']}, file={os.path.basename(f['path'])})")
        for p in f["params"]:
            value = "<redacted>" if p["sensitive"] else os.environ[p["env"]]
            print(f"SET PARAMETER {p['name']} = {value} (from ${p['env']})")
        print(f"PUT /nifi-api/flow/process-groups/<{f['name']}>/controller-services state=ENABLED")
        print(f"PUT /nifi-api/flow/process-groups/<{f['name']}> state=RUNNING")


def main():
    flows = load_flows(os.environ["NIFI_FLOWS_DIR"])
    check_env(flows)
    if DRY:
        print_plan(flows)
        return
    api = Nifi(os.environ["NIFI_URL"])
    api.login(os.environ["NIFI_USERNAME"], os.environ["NIFI_PASSWORD"])
    root = api.call("GET", "/flow/process-groups/root")["processGroupFlow"]["id"]
    for flow in flows:
        deploy_flow(api, root, flow)


try:
    main()
except DeployError as e:
    print(f"deploy.sh: {e}", file=sys.stderr)
    sys.exit(1)
PY
