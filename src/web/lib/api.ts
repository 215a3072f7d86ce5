/** The JSON APIs the page calls with the user's JWT (same origin). */
async function post<T>(path: string, body: unknown): Promise<T & { OK: boolean; Error?: string }> {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  try {
    return (await res.json()) as T & { OK: boolean; Error?: string };
  } catch {
    return { OK: false, Error: `The server answered ${res.status} ${res.statusText}.` } as T & { OK: boolean; Error?: string };
  }
}

export interface ProfileField {
  Name: string;
  Value: string;
}

export const fetchProfile = (jwt: string, username: string) =>
  post<{ Headline?: string; ProfileFields?: ProfileField[] }>('/api/profile', { JWTToken: jwt, Username: username });

export interface HistoryMessage {
  username: string;
  message?: string;
  msgID: number;
  timestamp: string;
}

export const fetchHistory = (jwt: string, username: string, beforeID: number) =>
  post<{ Messages: HistoryMessage[] | null; Remaining: number }>('/api/message/history', {
    JWTToken: jwt,
    Username: username,
    BeforeID: beforeID,
  });

export type HistorySort = 'newest' | 'oldest' | 'a-z' | 'z-a';

export const fetchHistoryUsernames = (jwt: string, sort: HistorySort, page: number) =>
  post<{ Usernames: string[] | null; Count: number; Pages: number }>('/api/message/usernames', {
    JWTToken: jwt,
    Sort: sort,
    Page: page,
  });

export const clearHistory = (jwt: string) => post<{ MessagesErased: number }>('/api/message/clear', { JWTToken: jwt });
