import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Once the server has stopped listening (graceful shutdown), every answer
 * closes its connection. Without this, keep-alive clients that keep sending
 * (a load balancer, a busy tracking pixel) hold the server open and the
 * shutdown never finishes until the process is killed, losing whatever it
 * still held in memory.
 */
export function closeConnectionsWhenStopping(server: Server) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (!server.listening) res.setHeader('Connection', 'close');
    next();
  };
}
