"""A loopback TCP proxy that cuts the connection after a number of client bytes: a real network failure."""

from __future__ import annotations

import socket
import struct
import threading


class CutProxy:
    """Forward 127.0.0.1:<port> to ``upstream``; reset both sides once ``cut_after`` client bytes have passed."""

    def __init__(self, upstream: tuple[str, int], cut_after: int | None = None):
        self.upstream = upstream
        self.cut_after = cut_after
        self.cuts = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            sent = [0]
            threading.Thread(target=self._pump, args=(client, upstream, sent, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, sent, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, sent: list[int], counting: bool) -> None:
        try:
            while data := source.recv(4096):
                if counting and self.cut_after is not None and sent[0] + len(data) > self.cut_after:
                    target.sendall(data[: max(0, self.cut_after - sent[0])])
                    self.cuts += 1
                    self._reset(source, target)
                    return
                sent[0] += len(data) if counting else 0
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._reset(source, target)

    @staticmethod
    def _reset(*sockets: socket.socket) -> None:
        for sock in sockets:
            try:  # shutdown first: close() alone does not reach a socket another thread is reading
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self._stop = True
        self._server.close()
