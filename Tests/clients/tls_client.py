"""Clients of a `modgate serve` that speaks TLS (--tls-cert, --tls-key).

Usage: tls_client.py SCENARIO PORT [TOKEN CAFILE]
  chat PORT TOKEN CAFILE  a python-websockets client trusting CAFILE opens wss://127.0.0.1:PORT/v1/ws, subscribes,
                          sends a message and waits for its ack and for the message; then GET https://.../healthz
  plain PORT TOKEN        a plain ws:// client and a plain http:// request to the same port, each of which must fail
  peer PORT               the SHA-256 fingerprint of the certificate the gateway presents now (no verification)
  busy PORT CAFILE        holds one TLS connection open, then GET https://.../healthz: the status and body of the answer;
                          then opens a TCP connection that sends nothing and reports when the gateway closed it
  socketio PORT TOKEN CAFILE  python-socketio at https://127.0.0.1:PORT (polling, then the upgrade to wss://):
                          subscribes, sends, and reports the acks, the message and the transport it ended on
Prints one JSON object.
"""
import asyncio
import hashlib
import json
import ssl
import sys
import time
import urllib.error
import urllib.request

import aiohttp
import socketio
from websockets.asyncio.client import connect


def fingerprint(ssl_object):
    return hashlib.sha256(ssl_object.getpeercert(binary_form=True)).hexdigest()


async def first_of_each(ws, ops, timeout=15):
    """The first frame of each op in `ops`, whichever order they come in (a sender's message may precede its ack)."""
    seen = {}
    while not all(op in seen for op in ops):
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        seen.setdefault(frame.get('op'), frame)
    return seen


async def chat(port, token, cafile):
    context = ssl.create_default_context(cafile=cafile)
    # Offered as a browser does: the gateway must choose HTTP/1.1, over which WebSockets upgrade.
    context.set_alpn_protocols(['h2', 'http/1.1'])
    result = {}
    headers = {'Authorization': 'Bearer ' + token}
    async with connect(f'wss://127.0.0.1:{port}/v1/ws', ssl=context, additional_headers=headers, open_timeout=15) as ws:
        tls = ws.transport.get_extra_info('ssl_object')
        result['tls_version'] = tls.version()
        result['alpn'] = tls.selected_alpn_protocol()
        result['fingerprint'] = fingerprint(tls)
        await ws.send(json.dumps({'op': 'subscribe', 'room': 'lobby', 'since': 0}))
        await ws.send(json.dumps({'op': 'send', 'room': 'lobby', 'text': 'hello over wss', 'cid': 't1'}))
        frames = await first_of_each(ws, ('ack', 'msg'))
        result['ack'], result['msg'] = frames['ack'], frames['msg']
    with urllib.request.urlopen(f'https://127.0.0.1:{port}/healthz', context=context, timeout=15) as response:
        result['health_status'] = response.status
        result['health_body'] = response.read().decode()
    return result


async def plain(port, token):
    result = {}
    started = time.monotonic()
    try:
        async with connect(f'ws://127.0.0.1:{port}/v1/ws', additional_headers={'Authorization': 'Bearer ' + token},
                           open_timeout=10):
            result['ws_error'] = None
    except Exception as error:
        result['ws_error'] = f'{type(error).__name__}: {error}'
    result['ws_seconds'] = time.monotonic() - started
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=10) as response:
            result['http_error'] = None
            result['http_status'] = response.status
    except Exception as error:
        result['http_error'] = f'{type(error).__name__}: {error}'
    result['http_seconds'] = time.monotonic() - started
    return result


async def peer(port):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    _, writer = await asyncio.wait_for(asyncio.open_connection('127.0.0.1', port, ssl=context), 15)
    result = {'fingerprint': fingerprint(writer.get_extra_info('ssl_object'))}
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), 5)
    except (OSError, asyncio.TimeoutError, ssl.SSLError):
        pass
    return result


async def busy(port, cafile):
    context = ssl.create_default_context(cafile=cafile)
    _, held = await asyncio.wait_for(asyncio.open_connection('127.0.0.1', port, ssl=context), 15)
    try:
        with urllib.request.urlopen(f'https://127.0.0.1:{port}/healthz', context=context, timeout=15) as response:
            result = {'status': response.status, 'body': response.read().decode()}
    except urllib.error.HTTPError as error:
        result = {'status': error.code, 'body': error.read().decode()}
    # One more that never starts its handshake: the gateway must close it by itself.
    started = time.monotonic()
    silent, _ = await asyncio.open_connection('127.0.0.1', port)
    try:
        result['silent_read'] = (await asyncio.wait_for(silent.read(), 15)).hex()
    except (ConnectionError, asyncio.TimeoutError) as error:
        result['silent_read'] = f'{type(error).__name__}'
    result['silent_seconds'] = time.monotonic() - started
    held.close()
    return result


async def socket_io(port, token, cafile):
    context = ssl.create_default_context(cafile=cafile)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context)) as http:
        sio = socketio.AsyncClient(reconnection=False, http_session=http)
        messages = asyncio.Queue()
        sio.on('msg', lambda data: messages.put_nowait(data))
        await sio.connect(f'https://127.0.0.1:{port}', auth={'token': token}, wait_timeout=15)
        result = {'subscribe_ack': await sio.call('subscribe', {'room': 'lobby', 'since': 0}, timeout=15)}
        result['send_ack'] = await sio.call('send', {'room': 'lobby', 'text': 'hello over socket.io', 'cid': 's1'}, timeout=15)
        result['msg'] = await asyncio.wait_for(messages.get(), 15)
        result['transport'] = sio.transport()
        await sio.disconnect()
    return result


def main():
    scenario, port = sys.argv[1], int(sys.argv[2])
    if scenario == 'chat':
        result = asyncio.run(chat(port, sys.argv[3], sys.argv[4]))
    elif scenario == 'plain':
        result = asyncio.run(plain(port, sys.argv[3]))
    elif scenario == 'peer':
        result = asyncio.run(peer(port))
    elif scenario == 'socketio':
        result = asyncio.run(socket_io(port, sys.argv[3], sys.argv[4]))
    elif scenario == 'busy':
        result = asyncio.run(busy(port, sys.argv[3]))
    else:
        sys.exit(f'unknown scenario {scenario}')
    print(json.dumps(result))


if __name__ == '__main__':
    main()
