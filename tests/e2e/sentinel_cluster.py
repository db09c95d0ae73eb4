"""Redis with Sentinel on loopback, for the failover test and its bench: one master, one
replica and three sentinels (Debian's redis-server and redis-sentinel), each on a free port in
its own directory, stopped by PID.

`MasterClient` is a RespClient that asks the sentinels where the master is whenever its
connection fails, so assertions follow a failover as the processor does.
"""
import os
import time

from harness import Process, RespClient, free_port, wait_until

MASTER_NAME = "mymaster"


class Server:
    """One redis-server (master or replica)."""

    def __init__(self, workdir, name, replica_of=None, extra=()):
        self.port = free_port()
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", self.dir, "--daemonize", "no"]
        if replica_of:
            args += ["--replicaof", "127.0.0.1", str(replica_of)]
        args += list(extra)
        self.process = Process(args, os.path.join(self.dir, "redis.log"))
        self.client = RespClient(self.port)
        wait_until(lambda: self.client("PING") == "PONG", 10, f"redis {name} to answer PING")

    def kill(self):
        self.process.kill()

    def stop(self):
        self.process.stop()


class Sentinel:
    def __init__(self, workdir, index, master_port, down_after_ms, failover_timeout_ms,
                 password=None):
        self.port = free_port()
        self.dir = os.path.join(workdir, f"sentinel-{index}")
        os.makedirs(self.dir, exist_ok=True)
        # Sentinel rewrites its configuration file (what it learns), so each has its own.
        self.config = os.path.join(self.dir, "sentinel.conf")
        with open(self.config, "w") as f:
            f.write(f"port {self.port}\nbind 127.0.0.1\nprotected-mode no\ndaemonize no\n"
                    f"dir {self.dir}\n"
                    f"sentinel monitor {MASTER_NAME} 127.0.0.1 {master_port} 2\n"
                    f"sentinel down-after-milliseconds {MASTER_NAME} {down_after_ms}\n"
                    f"sentinel failover-timeout {MASTER_NAME} {failover_timeout_ms}\n"
                    f"sentinel parallel-syncs {MASTER_NAME} 1\n")
            if password:  # what clients of this sentinel must AUTH with
                f.write(f"requirepass {password}\n")
        self.process = Process(["redis-sentinel", self.config],
                               os.path.join(self.dir, "sentinel.log"))
        self.client = RespClient(self.port)
        wait_until(lambda: (not password or self.client("AUTH", password) == "OK")
                   and self.client("PING") == "PONG", 10, "a sentinel to answer PING")

    def master(self):
        host, port = self.client("SENTINEL", "get-master-addr-by-name", MASTER_NAME)
        return host, int(port)

    def stop(self):
        self.process.stop()


class SentinelCluster:
    def __init__(self, workdir, down_after_ms=1000, failover_timeout_ms=3000, sentinels=3):
        self.master = Server(workdir, "master")
        self.replica = Server(workdir, "replica", replica_of=self.master.port)
        self.servers = [self.master, self.replica]
        self.wait_replicated()
        self.sentinels = [Sentinel(workdir, i, self.master.port, down_after_ms,
                                   failover_timeout_ms)
                          for i in range(sentinels)]
        # A failover needs every sentinel to know the replica and a quorum of its peers (they
        # find each other through the master's hello channel, every 2 s).
        for sentinel in self.sentinels:
            wait_until(lambda s=sentinel: len(s.client("SENTINEL", "replicas", MASTER_NAME)) == 1
                       and len(s.client("SENTINEL", "sentinels", MASTER_NAME))
                       == len(self.sentinels) - 1, 30, "the sentinels to find each other")
        self.client = MasterClient(self)

    def wait_replicated(self, timeout=20):
        """Writes a marker on the master and waits until the replica acknowledged it."""
        self.master.client("SET", "replication_marker", str(time.time()))
        acked = self.master.client("WAIT", 1, timeout * 1000)
        if acked != 1:
            raise AssertionError("the replica did not catch up")

    def sentinel_endpoints(self):
        return ",".join(f"127.0.0.1:{s.port}" for s in self.sentinels)

    def master_port(self):
        """The master as the first sentinel that answers sees it."""
        for sentinel in self.sentinels:
            try:
                return sentinel.master()[1]
            except (OSError, RuntimeError, ConnectionError):
                continue
        raise AssertionError("no sentinel answered")

    def wait_switch(self, old_port, timeout=30):
        """Polls the sentinels until they name another master; returns (monotonic time seen,
        the new master's port)."""
        port = wait_until(lambda: (p := self.master_port()) != old_port and p, timeout,
                          "Sentinel to switch the master", interval=0.02)
        return time.monotonic(), port

    def server(self, port):
        return next(s for s in self.servers if s.port == port)

    def stop(self):
        for sentinel in self.sentinels:
            sentinel.stop()
        for server in self.servers:
            server.stop()

    def logs(self):
        text = ""
        for process in [s.process for s in self.servers + self.sentinels]:
            text += f"--- {process.log_path}\n{process.output()[-3000:]}\n"
        return text


class MasterClient:
    """RespClient of the current master: asks the sentinels again after a connection error."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.port = None
        self.client = None

    def __call__(self, *args):
        for attempt in range(2):
            try:
                if self.client is None:
                    self.port = self.cluster.master_port()
                    self.client = RespClient(self.port)
                return self.client(*args)
            except (ConnectionError, OSError):
                self.client = None
                if attempt:
                    raise
