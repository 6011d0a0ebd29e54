#!/usr/bin/env python3
"""Stops a manager process while every pool of a configuration is full and resumes it once one is empty.

Usage: freeze-while-full.py <vmpooler.yaml> <manager pid> <api pid>. Reads the pools, their sizes and the Redis
database from the benchmark's YAML (the layout PoolLayout writes), polls the ready queues on 127.0.0.1:6379 every
10 ms with one script, and resumes and stops the manager when the API process is gone.
"""
import os
import re
import signal
import socket
import sys
import time

COUNT_READY = """
local fewest = math.huge
for _, key in ipairs(KEYS) do fewest = math.min(fewest, redis.call('SCARD', key)) end
return fewest
"""


def layout(path):
    text = open(path).read()
    pools = re.findall(r"^\s*- name: (\S+)\s*$", text, re.M)
    sizes = [int(s) for s in re.findall(r"^\s+size: (\d+)\s*$", text, re.M)]
    database = re.search(r"^\s+database: (\d+)\s*$", text, re.M).group(1)
    return pools, min(sizes), database


class Redis:
    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", 6379))
        self.replies = self.sock.makefile("rb")

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for arg in args:
            data = str(arg).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(parts))
        reply = self.replies.readline()
        if reply.startswith(b"-"):
            raise RuntimeError(reply.decode().strip())
        return reply[1:].strip()


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def main():
    config, manager, api = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pools, size, database = layout(config)
    redis = Redis()
    redis.call("SELECT", database)
    keys = ["vmpooler__ready__" + pool for pool in pools]
    stopped = False
    while alive(api):
        fewest = int(redis.call("EVAL", COUNT_READY, len(keys), *keys))
        if not stopped and fewest >= size:
            os.kill(manager, signal.SIGSTOP)
            stopped = True
        elif stopped and fewest == 0:
            os.kill(manager, signal.SIGCONT)
            stopped = False
        time.sleep(0.01)
    os.kill(manager, signal.SIGCONT)
    os.kill(manager, signal.SIGTERM)


if __name__ == "__main__":
    main()
