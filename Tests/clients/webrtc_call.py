"""Two aiortc peers that set up WebRTC calls through a running `modgate serve` (docs/calls.md).

Usage: webrtc_call.py SCENARIO URL ROOM MOD_TOKEN ALICE_TOKEN BOB_TOKEN CAROL_TOKEN
  SCENARIO  call (alice calls bob, a data channel carries ping and pong, alice hangs up),
            ban (a call up to the data channel, then a moderator bans bob),
            banned_invite (carol is banned and alice muted: carol's socket closes, invites from and to alice are
            refused; unmuted, alice rings, and a mute ends the ringing call and refuses her answer),
            timeout (an invite with a 1 s lifetime that bob never answers),
            offline (invites to dave, who is not connected, to bob, who does not follow ROOM, from bob, and
            from alice to herself), socketio (call with bob on Socket.IO, and bob hangs up),
            disconnect (a call up to the data channel, then bob's socket closes) or
            moderator_end (a call up to the data channel, then a moderator ends it through the admin API)
  MOD_TOKEN a moderator's token, for the admin API's bans and mutes
Each user is on /v1/ws (bob on Socket.IO in socketio) and follows ROOM before anyone calls. The peers are aiortc
RTCPeerConnections without ICE servers, on 127.0.0.1 only. Prints one JSON object: the acks and frames each side
saw; on a failure, the traceback and what was recorded so far go to stderr and the exit status is 1.
"""
import asyncio
import json
import sys
import time
import traceback

import aiohttp
import aioice.ice
import socketio
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.sdp import candidate_from_sdp

# aioice leaves 127.0.0.1 out of the host candidates; offering only it keeps both peers on loopback, on a machine
# without any other interface too.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ['127.0.0.1'] if use_ipv4 else []

WAIT = 15
END_OF_CANDIDATES = [{'candidate': '', 'sdpMid': '0', 'sdpMLineIndex': 0}]


class Inbox:
    """What one client received: `seen` all of it in order, `pending` what no `next` has taken yet."""

    def __init__(self, name):
        self.name = name
        self.seen = []
        self.pending = []
        self.changed = asyncio.Event()
        self.closed = asyncio.Event()
        self.close_code = None

    def received(self, item):
        self.seen.append(item)
        self.pending.append(item)
        self.changed.set()

    def ended(self, code):
        self.close_code = code
        self.closed.set()
        self.changed.set()

    async def next(self, matches, what, timeout=WAIT):
        """The first pending item that `matches`, taken; fails once the connection is closed or after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            for index, item in enumerate(self.pending):
                if matches(item):
                    return self.pending.pop(index)
            if self.closed.is_set():
                raise AssertionError(f'{self.name}: closed ({self.close_code}) before {what}; saw {self.seen}')
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), deadline - time.monotonic())
            except asyncio.TimeoutError:
                raise AssertionError(f'{self.name}: no {what} within {timeout} s; saw {self.seen}') from None

    async def wait_closed(self, timeout=WAIT):
        await asyncio.wait_for(self.closed.wait(), timeout)


class WsPeer(Inbox):
    """A /v1/ws connection: call frames go out as {"op":"call","type":...} and come back as frames."""

    async def connect(self, http, url, token):
        self.ws = await http.ws_connect(url + '/v1/ws', headers={'Authorization': 'Bearer ' + token})
        self.reader = asyncio.create_task(self.read())
        return self

    async def read(self):
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                self.received(json.loads(message.data))
        self.ended(self.ws.close_code)

    async def join(self, room):
        """Follows `room`, then sends a message there: its ack (and, when delivered, its echo) shows the
        subscription in place. A muted user's message is rejected, which is enough for their own invites."""
        await self.ws.send_str(json.dumps({'op': 'subscribe', 'room': room}))
        cid = self.name + '-here'
        await self.ws.send_str(json.dumps({'op': 'send', 'room': room, 'text': self.name + ' is here', 'cid': cid}))
        ack = await self.next(lambda f: f.get('op') == 'ack' and f.get('cid') == cid, 'the ack of ' + cid)
        if ack.get('status') == 'delivered':
            await self.next(lambda f: f.get('op') == 'msg' and f.get('user') == self.name, 'its own message')
        return ack

    async def call(self, type, **fields):
        """Sends a call frame and returns its answer: the ack of that type for that call_id, or an error."""
        call_id = fields.get('call_id')
        await self.ws.send_str(json.dumps({'op': 'call', 'type': type, **fields}))
        return await self.next(
            lambda f: f.get('call_id') == call_id and (f.get('op') == 'error' or (f.get('op') == 'ack' and f.get('type') == type)),
            f'the answer to its {type} of {call_id}')

    async def frame(self, type, call_id):
        return await self.next(
            lambda f: f.get('op') == 'call' and f.get('type') == type and f.get('call_id') == call_id,
            f'a {type} of {call_id}')

    def call_frames(self):
        return [f for f in self.seen if f.get('op') == 'call']

    async def close(self):
        await self.ws.close()
        await self.reader


class SioPeer(Inbox):
    """A python-socketio AsyncClient: call frames go out as events named like their type (answered through the
    acknowledgement) and come back as such events; `seen` holds {"event": name, "data": ...}."""

    async def connect(self, url, token):
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on('*', lambda event, *data: self.received({'event': event, 'data': data[0] if data else None}))
        self.sio.on('disconnect', lambda *reason: self.ended(None))
        await self.sio.connect(url, auth={'token': token}, wait_timeout=WAIT)
        return self

    async def join(self, room):
        return await self.sio.call('subscribe', {'room': room}, timeout=WAIT)

    async def call(self, type, **fields):
        return await self.sio.call(type, fields, timeout=WAIT)

    async def frame(self, type, call_id):
        event = await self.next(
            lambda e: e['event'] == type and isinstance(e['data'], dict) and e['data'].get('call_id') == call_id,
            f'a {type} event of {call_id}')
        return event['data']

    def call_frames(self):
        return [e for e in self.seen if e['event'] in ('invite', 'answer', 'candidates', 'hangup', 'reject')]

    async def close(self):
        await self.sio.disconnect()


def ok(reply, what):
    """`reply` when it is an ok ack; otherwise fails with it."""
    if not (isinstance(reply, dict) and reply.get('status') == 'ok'):
        raise AssertionError(f'{what} was not acknowledged ok: {reply}')
    return reply


def description(pc):
    return {'type': pc.localDescription.type, 'sdp': pc.localDescription.sdp}


async def add_candidates(pc, frame):
    for entry in frame['candidates']:
        if entry['candidate'] == '':
            await pc.addIceCandidate(None)
        else:
            candidate = candidate_from_sdp(entry['candidate'].removeprefix('candidate:'))
            candidate.sdpMid, candidate.sdpMLineIndex = entry.get('sdpMid'), entry.get('sdpMLineIndex')
            await pc.addIceCandidate(candidate)


async def offer(pc):
    await pc.setLocalDescription(await pc.createOffer())
    return description(pc)


async def answer(pc, invite):
    await pc.setRemoteDescription(RTCSessionDescription(**invite['sdp']))
    await pc.setLocalDescription(await pc.createAnswer())
    return description(pc)


class Call:
    """Alice's and bob's peer connections for one call, and a data channel alice opens."""

    def __init__(self):
        self.alice = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.bob = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.channel = self.alice.createDataChannel('chat')
        self.opened = asyncio.Event()
        self.channel.on('open', self.opened.set)
        self.alice_got = asyncio.Queue()
        self.channel.on('message', self.alice_got.put_nowait)
        self.bob_got = []

        @self.bob.on('datachannel')
        def on_channel(channel):
            @channel.on('message')
            def on_message(message):
                self.bob_got.append(message)
                if message == 'ping':
                    channel.send('pong')

    async def close(self):
        await self.alice.close()
        await self.bob.close()


async def connect(caller, callee, room, result, call_id='c1'):
    """Alice (`caller`) invites bob (`callee`), each side sends its end of candidates, bob answers and the data
    channel carries ping and pong. Records each step in `result`; returns the Call."""
    call = Call()
    sdp = await offer(call.alice)
    # The extra field must not reach bob.
    result['invite_ack'] = ok(await caller.call(
        'invite', room=room, call_id=call_id, to=callee.name, sdp=sdp, lifetime=60000, extra='dropped'), 'the invite')
    result['caller_candidates_ack'] = ok(
        await caller.call('candidates', call_id=call_id, candidates=END_OF_CANDIDATES), "alice's candidates")
    invite = result['callee_invite'] = await callee.frame('invite', call_id)
    result['callee_invite_sdp_intact'] = invite.get('sdp') == sdp
    result['callee_candidates'] = await callee.frame('candidates', call_id)
    sdp = await answer(call.bob, invite)
    await add_candidates(call.bob, result['callee_candidates'])
    result['answer_ack'] = ok(await callee.call('answer', call_id=call_id, sdp=sdp), 'the answer')
    result['callee_candidates_ack'] = ok(
        await callee.call('candidates', call_id=call_id, candidates=END_OF_CANDIDATES), "bob's candidates")
    reply = result['caller_answer'] = await caller.frame('answer', call_id)
    result['caller_answer_sdp_intact'] = reply.get('sdp') == sdp
    result['caller_candidates'] = await caller.frame('candidates', call_id)
    await call.alice.setRemoteDescription(RTCSessionDescription(**reply['sdp']))
    await add_candidates(call.alice, result['caller_candidates'])
    await asyncio.wait_for(call.opened.wait(), WAIT)
    call.channel.send('ping')
    pong = await asyncio.wait_for(call.alice_got.get(), WAIT)
    result['data_channel'] = {'alice_got': [pong], 'bob_got': list(call.bob_got)}
    return call


async def admin(http, url, mod_token, path, body):
    async with http.post(url + path, json=body, headers={'Authorization': 'Bearer ' + mod_token}) as response:
        return {'status': response.status, 'body': await response.json(content_type=None)}


async def admin_calls(http, url, mod_token):
    async with http.get(url + '/v1/admin/calls', headers={'Authorization': 'Bearer ' + mod_token}) as response:
        return {'status': response.status, 'body': await response.json(content_type=None)}


async def scenario_call(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    call = await connect(alice, bob, room, result)
    result['admin_calls_during'] = await admin_calls(http, url, mod)
    result['hangup_ack'] = await alice.call('hangup', call_id='c1')
    result['callee_hangup'] = await bob.frame('hangup', 'c1')
    result['admin_calls_after'] = await admin_calls(http, url, mod)
    result['call_frames'] = {'alice': alice.call_frames(), 'bob': bob.call_frames()}
    await call.close()


async def scenario_ban(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    call = await connect(alice, bob, room, result)
    mark = len(bob.seen)
    result['ban'] = await admin(http, url, mod, '/v1/admin/users/bob/ban', {'reason': 'test'})
    result['caller_hangup'] = await alice.frame('hangup', 'c1')
    result['callee_hangup'] = await bob.frame('hangup', 'c1')
    await bob.wait_closed()
    # Bob's frames from the ban on, in order, and how his socket closed.
    result['callee_after_ban'] = bob.seen[mark:]
    result['callee_close_code'] = bob.close_code
    await call.close()


async def scenario_banned_invite(http, url, room, mod, peers, result):
    alice, bob, carol = peers['alice'], peers['bob'], peers['carol']
    # Alice was muted and carol banned before they connected (see run).
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.createDataChannel('chat')
    sdp = await offer(pc)
    # Carol is banned: her socket closes as it opens, before she can call. (She sends nothing: a frame sent as the
    # gateway closes can cost her the error and the close code, which a reset discards.)
    await carol.wait_closed()
    result['banned_saw'] = carol.seen
    result['banned_close_code'] = carol.close_code
    # Alice is muted: her invite is refused, and an invite to her too.
    result['muted_invite'] = await alice.call('invite', room=room, call_id='c1', to='bob', sdp=sdp)
    result['invite_to_muted'] = await bob.call('invite', room=room, call_id='c2', to='alice', sdp=sdp)
    # Once the mute is lifted bob's invite rings her; a mute then ends the ringing call and refuses her answer.
    result['unmute'] = await admin(http, url, mod, '/v1/admin/users/alice/unban', {})
    result['invite_ack'] = ok(await bob.call('invite', room=room, call_id='c3', to='alice', sdp=sdp), "bob's invite")
    invite = await alice.frame('invite', 'c3')
    result['mute_while_ringing'] = await admin(http, url, mod, '/v1/admin/users/alice/mute', {'for': '10m'})
    result['caller_hangup'] = await bob.frame('hangup', 'c3')
    result['callee_hangup'] = await alice.frame('hangup', 'c3')
    other = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    result['muted_answer'] = await alice.call('answer', call_id='c3', sdp=await answer(other, invite))
    result['call_frames'] = {'alice': alice.call_frames(), 'bob': bob.call_frames()}
    await pc.close()
    await other.close()


async def scenario_timeout(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.createDataChannel('chat')
    result['invite_ack'] = ok(await alice.call(
        'invite', room=room, call_id='c1', to='bob', sdp=await offer(pc), lifetime=1000), 'the invite')
    start = time.monotonic()
    result['callee_invite'] = await bob.frame('invite', 'c1')
    result['caller_hangup'] = await alice.frame('hangup', 'c1')
    result['caller_hangup_after'] = round(time.monotonic() - start, 3)
    result['callee_hangup'] = await bob.frame('hangup', 'c1')
    result['callee_hangup_after'] = round(time.monotonic() - start, 3)
    await pc.close()


async def scenario_offline(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.createDataChannel('chat')
    sdp = await offer(pc)
    result['invite_offline'] = await alice.call('invite', room=room, call_id='c1', to='dave', sdp=sdp)
    # Bob is connected but does not follow the room: he cannot be called, nor call from there.
    result['invite_not_following'] = await alice.call('invite', room=room, call_id='c2', to='bob', sdp=sdp)
    result['invite_unsubscribed'] = await bob.call('invite', room=room, call_id='c3', to='alice', sdp=sdp)
    result['invite_self'] = await alice.call('invite', room=room, call_id='c4', to='alice', sdp=sdp)
    result['call_frames'] = {'bob': bob.call_frames()}
    await pc.close()


async def scenario_socketio(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    call = await connect(alice, bob, room, result)
    result['hangup_ack'] = await bob.call('hangup', call_id='c1')
    result['caller_hangup'] = await alice.frame('hangup', 'c1')
    result['call_frames'] = {'alice': alice.call_frames(), 'bob': bob.call_frames()}
    await call.close()


async def scenario_disconnect(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    call = await connect(alice, bob, room, result)
    await bob.close()
    result['caller_hangup'] = await alice.frame('hangup', 'c1')
    await call.close()


async def scenario_moderator_end(http, url, room, mod, peers, result):
    alice, bob = peers['alice'], peers['bob']
    call = await connect(alice, bob, room, result)
    result['end'] = await admin(http, url, mod, '/v1/admin/calls/c1/end', {'reason': 'test'})
    result['caller_hangup'] = await alice.frame('hangup', 'c1')
    result['callee_hangup'] = await bob.frame('hangup', 'c1')
    result['admin_calls_after'] = await admin_calls(http, url, mod)
    await call.close()


SCENARIOS = {
    'call': scenario_call,
    'ban': scenario_ban,
    'banned_invite': scenario_banned_invite,
    'timeout': scenario_timeout,
    'offline': scenario_offline,
    'socketio': scenario_socketio,
    'disconnect': scenario_disconnect,
    'moderator_end': scenario_moderator_end,
}


async def run(scenario, url, room, mod, tokens, result):
    async with aiohttp.ClientSession() as http:
        if scenario == 'banned_invite':
            result['mute'] = await admin(http, url, mod, '/v1/admin/users/alice/mute', {'for': '10m'})
            result['ban'] = await admin(http, url, mod, '/v1/admin/users/carol/ban', {'reason': 'test'})
        peers = {}
        for user in ('alice', 'bob', 'carol') if scenario == 'banned_invite' else ('alice', 'bob'):
            if scenario == 'socketio' and user == 'bob':
                peers[user] = await SioPeer(user).connect(url, tokens[user])
            else:
                peers[user] = await WsPeer(user).connect(http, url, tokens[user])
        result['joined'] = {}
        for user, peer in peers.items():
            if user != 'carol' and not (scenario == 'offline' and user == 'bob'):
                result['joined'][user] = await peer.join(room)
        await SCENARIOS[scenario](http, url, room, mod, peers, result)
        for peer in peers.values():
            if not peer.closed.is_set():
                await peer.close()


def main():
    scenario, url, room, mod = sys.argv[1:5]
    tokens = dict(zip(('alice', 'bob', 'carol'), sys.argv[5:8]))
    result = {}
    try:
        asyncio.run(asyncio.wait_for(run(scenario, url, room, mod, tokens, result), 60))
    except BaseException:
        traceback.print_exc()
        print('recorded so far: ' + json.dumps(result), file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
