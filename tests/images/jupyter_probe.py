"""Run inside the JupyterLab container (`docker exec ... python3 -c <this> PORT CODE`) by
tests/images/standins.engine.test.ts: asks the server's REST API for its kernels without a token, with a wrong one and
with the container's own (`JUPYTER_TOKEN`, never printed), then starts a kernel through the API, runs CODE in it over
the kernel's websocket (the Jupyter messaging protocol, as JupyterLab does) and deletes the kernel. Prints one JSON
line: the three HTTP statuses, the cell's stdout, its error (if any) and the kernel's reply status."""

import asyncio
import json
import os
import sys
import urllib.error
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

PORT, CODE = sys.argv[1], sys.argv[2]
BASE = f"127.0.0.1:{PORT}"
TOKEN = os.environ["JUPYTER_TOKEN"]
CELL_TIMEOUT_S = 600


def call(method: str, path: str, token: str | None) -> tuple[int, bytes]:
    headers = {"Authorization": f"token {token}"} if token is not None else {}
    request = urllib.request.Request(
        f"http://{BASE}{path}", method=method, headers=headers, data=b"{}" if method == "POST" else None
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


async def execute(kernel_id: str) -> dict:
    ws = await websocket_connect(
        HTTPRequest(f"ws://{BASE}/api/kernels/{kernel_id}/channels", headers={"Authorization": f"token {TOKEN}"})
    )
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "username": "smoke",
        "session": uuid.uuid4().hex,
        "msg_type": "execute_request",
        "version": "5.3",
        "date": "",
    }
    content = {
        "code": CODE,
        "silent": False,
        "store_history": False,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    ws.write_message(
        json.dumps(
            {
                "header": header,
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    stdout, error, reply, idle = [], None, None, False
    # Done when the shell channel replied and the iopub channel reported the kernel idle again (all output sent).
    while reply is None or not idle:
        raw = await ws.read_message()
        if raw is None:
            raise RuntimeError("the kernel's websocket closed before the cell finished")
        if isinstance(raw, bytes):
            continue
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, body = msg["header"]["msg_type"], msg["content"]
        if kind == "stream" and body["name"] == "stdout":
            stdout.append(body["text"])
        elif kind == "error":
            error = f"{body['ename']}: {body['evalue']}"
        elif kind == "execute_reply":
            reply = body["status"]
        elif kind == "status":
            idle = body["execution_state"] == "idle"
    ws.close()
    return {"stdout": "".join(stdout), "error": error, "reply": reply}


def main() -> None:
    result = {
        "no_token": call("GET", "/api/kernels", None)[0],
        "wrong_token": call("GET", "/api/kernels", "not-the-token")[0],
        "token": call("GET", "/api/kernels", TOKEN)[0],
    }
    status, body = call("POST", "/api/kernels", TOKEN)
    if status != 201:
        raise SystemExit(f"starting a kernel through the API answered {status}")
    kernel_id = json.loads(body)["id"]
    try:
        result.update(asyncio.run(asyncio.wait_for(execute(kernel_id), CELL_TIMEOUT_S)))
    finally:
        call("DELETE", f"/api/kernels/{kernel_id}", TOKEN)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
