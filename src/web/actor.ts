import type { Request } from 'express';

/** The user a change is recorded against. Until accounts exist, every change is anonymous. */
export function actorOf(_req: Request): string {
  return 'anonymous';
}
