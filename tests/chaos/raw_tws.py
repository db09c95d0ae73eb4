"""A minimal raw TWS API client for the chaos suite: the handshake and startApi, nothing else.
It holds a client id at ibsim so that the processor, reconnecting with the same fixed id, gets
error 326 ("client id already in use") and retries that id until it is free again.

Wire format (TWS socket protocol): the client sends "API\\0" + a 4-byte big-endian length +
"v176..178"; every later message is a frame (4-byte big-endian length, then NUL-terminated
fields). The server first answers one frame [server version, connection time]; after startApi
(fields 71, 2, client id, "") it sends managedAccounts (15), nextValidId (9) and notices, or
error 4 with code 326 and closes.
"""
import socket
import struct

NEXT_VALID_ID = "9"
ERROR_MESSAGE = "4"
CLIENT_ID_IN_USE = "326"


def _frame(fields):
    body = b"".join(f.encode() + b"\0" for f in fields)
    return struct.pack(">I", len(body)) + body


class RawTwsClient:
    def __init__(self, port, client_id, timeout_s=2.0):
        self.port = port
        self.client_id = client_id
        self.timeout_s = timeout_s
        self.sock = None
        self.buf = b""

    def _read_frame(self):
        while True:
            if len(self.buf) >= 4:
                size = struct.unpack(">I", self.buf[:4])[0]
                if len(self.buf) >= 4 + size:
                    body, self.buf = self.buf[4:4 + size], self.buf[4 + size:]
                    return body.decode("utf-8", "replace").split("\0")[:-1]
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("TWS server closed the connection")
            self.buf += chunk

    def try_connect(self):
        """Handshake + startApi. Returns "ok" once nextValidId arrives (the id is ours),
        "in_use" on error 326, "failed" when the server refused or dropped the connection."""
        self.close()
        try:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout_s)
            versions = b"v176..178"
            self.sock.sendall(b"API\0" + struct.pack(">I", len(versions)) + versions)
            self._read_frame()  # [server version, connection time]
            self.sock.sendall(_frame(["71", "2", str(self.client_id), ""]))
            while True:
                fields = self._read_frame()
                if fields and fields[0] == NEXT_VALID_ID:
                    return "ok"
                if fields and fields[0] == ERROR_MESSAGE and CLIENT_ID_IN_USE in fields[1:4]:
                    self.close()
                    return "in_use"
        except (OSError, ConnectionError, struct.error):
            self.close()
            return "failed"

    def drain(self):
        """Reads whatever the server sent since (notices), so its buffer never fills; returns
        False once the server closed the connection."""
        if self.sock is None:
            return False
        self.sock.setblocking(False)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    self.close()
                    return False
        except BlockingIOError:
            return True
        except OSError:
            self.close()
            return False
        finally:
            if self.sock is not None:
                self.sock.settimeout(self.timeout_s)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = b""
