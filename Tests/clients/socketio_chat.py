"""A python-socketio AsyncClient and a /v1/ws client in one room of a running `modgate serve`.

Usage: socketio_chat.py SCENARIO URL SIO_TOKEN WS_TOKEN ROOM TRANSPORTS
  SCENARIO    exchange (each sends, both see both messages), held (the Socket.IO client sends a held message,
              then a delivered one) or badtoken (connects with SIO_TOKEN, which the gateway must refuse)
  TRANSPORTS  default (polling, then the upgrade to WebSocket), websocket or polling
Prints one JSON object: the acks each client got and the messages each saw, or the connection error.
"""
import asyncio
import json
import sys

import aiohttp
import socketio


async def next_msg(queue, timeout=15):
    return await asyncio.wait_for(queue.get(), timeout)


async def run(scenario, url, sio_token, ws_token, room, transports):
    sio = socketio.AsyncClient(reconnection=False)
    sio_msgs = asyncio.Queue()
    sio.on('msg', lambda data: sio_msgs.put_nowait(data))
    kwargs = {} if transports == 'default' else {'transports': [transports]}
    if scenario == 'badtoken':
        refusals = []
        sio.on('connect_error', lambda data: refusals.append(data))
        try:
            await sio.connect(url, auth={'token': sio_token}, wait_timeout=15, **kwargs)
        except socketio.exceptions.ConnectionError as error:
            return {'refused': True, 'error': str(error), 'connect_error': refusals}
        await sio.disconnect()
        return {'refused': False}

    await sio.connect(url, auth={'token': sio_token}, wait_timeout=15, **kwargs)
    result = {'transport': sio.transport()}
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(url + '/v1/ws', headers={'Authorization': 'Bearer ' + ws_token})
        # The /v1/ws frames by op, each kind in the order it came.
        ws_frames = {op: asyncio.Queue() for op in ('ack', 'msg', 'error')}

        async def read_ws():
            async for message in ws:
                frame = json.loads(message.data)
                ws_frames.setdefault(frame.get('op'), asyncio.Queue()).put_nowait(frame)

        reader = asyncio.create_task(read_ws())

        async def ws_next(op):
            return await asyncio.wait_for(ws_frames[op].get(), 15)

        result['subscribe_ack'] = await sio.call('subscribe', {'room': room, 'since': 0}, timeout=15)
        await ws.send_str(json.dumps({'op': 'subscribe', 'room': room}))
        # The /v1/ws subscription is in place once a message sent after it comes back.
        await ws.send_str(json.dumps({'op': 'send', 'room': room, 'text': 'ws is here', 'cid': 'w0'}))
        await ws_next('ack')
        result['ws_first'] = await ws_next('msg')
        result['sio_saw'] = [await next_msg(sio_msgs)]

        if scenario == 'held':
            result['held_ack'] = await sio.call('send', {'room': room, 'text': 'please holdme', 'cid': 's-held'}, timeout=15)
        result['sio_ack'] = await sio.call('send', {'room': room, 'text': 'hello from socket.io', 'cid': 's1'}, timeout=15)
        result['ws_saw'] = [await ws_next('msg')]
        result['sio_saw'].append(await next_msg(sio_msgs))
        await ws.send_str(json.dumps({'op': 'send', 'room': room, 'text': 'hello from /v1/ws', 'cid': 'w1'}))
        result['ws_ack'] = await ws_next('ack')
        result['ws_saw'].append(await ws_next('msg'))
        result['sio_saw'].append(await next_msg(sio_msgs))
        result['refused_event'] = await sio.call('shout', {'room': room}, timeout=15)
        reader.cancel()
        await ws.close()
    result['transport_at_end'] = sio.transport()
    await sio.disconnect()
    return result


def main():
    scenario, url, sio_token, ws_token, room, transports = sys.argv[1:7]
    result = asyncio.run(asyncio.wait_for(run(scenario, url, sio_token, ws_token, room, transports), 60))
    print(json.dumps(result))


if __name__ == '__main__':
    main()
