import type { Server } from 'node:http';
import type Koa from 'koa';

/** Why listening failed, in one line naming PORT, for the errors a person can act on. */
export function listenProblem(error: NodeJS.ErrnoException, port: number): string | undefined {
  if (error.code === 'EADDRINUSE')
    return `PORT: ${port} is already in use (another Guestpass, or another program, listens there); stop it or set PORT to a free port`;
  if (error.code === 'EACCES')
    return `PORT: ${port} needs privileges this process lacks; use a port above 1023 (and a proxy in front)`;
  return undefined;
}

/** The app listening on `port`, once it listens; rejects with the listen error. */
export function listen(app: Koa, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
