import { randomBytes } from 'node:crypto';

// MISO's users and Tomcat-style sessions (docs/qc-in-miso.md#miso-sessions): a JSESSIONID per login, idle expiry.

export interface MisoUser {
  username: string;
  password: string;
  fullName: string;
  admin: boolean;
  /** Member of the "Run Reviewers" group. Admins count as reviewers anyway (docs/qc-in-miso.md#run-library-qc-statuses). */
  runReviewer: boolean;
}

export const DEFAULT_USERS: MisoUser[] = [
  { username: 'admin', password: 'admin', fullName: 'Ada Admin', admin: true, runReviewer: false },
  { username: 'reviewer', password: 'reviewer', fullName: 'Rita Reviewer', admin: false, runReviewer: true },
  { username: 'tech', password: 'tech', fullName: 'Tom Tech', admin: false, runReviewer: false },
];

export const isRunReviewer = (user: MisoUser): boolean => user.admin || user.runReviewer;

interface Session {
  username: string;
  lastSeen: number;
}

export class SessionStore {
  private sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  create(username: string): string {
    const id = randomBytes(16).toString('hex').toUpperCase();
    this.sessions.set(id, { username, lastSeen: this.now() });
    return id;
  }

  /** The session's user name, touching the session; undefined when unknown or idle too long. */
  touch(id: string | undefined): string | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastSeen > this.ttlMs()) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = now;
    return session.username;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }
}
