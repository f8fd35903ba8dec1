"""Banned clients that send at once: each must still get its user_banned error and close 4403.

Usage: banned_burst.py URL MODERATOR_TOKEN USER USER_TOKEN CONNECTIONS
  Bans USER through the admin API, then opens CONNECTIONS /v1/ws sockets for USER, ten at a time. Each sends
  20 subscribes as soon as it is open, without reading, then reads until the gateway closes it.
Prints one JSON object: how many connections there were, how many got the error, and how many the close 4403.
"""
import asyncio
import json
import sys

import aiohttp


async def burst(http, url, token):
    ws = await http.ws_connect(url + '/v1/ws', headers={'Authorization': 'Bearer ' + token}, autoclose=True)
    try:
        for index in range(20):
            await ws.send_str(json.dumps({'op': 'subscribe', 'room': 'room-%d' % index}))
    except aiohttp.ClientConnectionResetError:
        pass  # the socket is gone: what the gateway sent before may still be read
    banned = False
    async for message in ws:
        if message.type == aiohttp.WSMsgType.TEXT and json.loads(message.data).get('code') == 'user_banned':
            banned = True
    return banned, ws.close_code


async def run(url, moderator, user, token, connections):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
        async with http.post(
            '%s/v1/admin/users/%s/ban' % (url, user),
            headers={'Authorization': 'Bearer ' + moderator}, json={'reason': 'spam'}
        ) as answer:
            if answer.status != 200:
                return {'ban_status': answer.status}
        # Ten at a time, so that the gateway closes some sockets while others are still sending.
        results = []
        for start in range(0, connections, 10):
            results += await asyncio.gather(*(burst(http, url, token) for _ in range(start, min(connections, start + 10))))
    return {
        'ban_status': 200,
        'connections': len(results),
        'errors': sum(1 for banned, _ in results if banned),
        'closes_4403': sum(1 for _, code in results if code == 4403),
        'close_codes': sorted({str(code) for _, code in results}),
    }


if __name__ == '__main__':
    url, moderator, user, token, connections = sys.argv[1:6]
    print(json.dumps(asyncio.run(run(url, moderator, user, token, int(connections)))))
