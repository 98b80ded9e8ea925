const TOKEN_KEY = 'broadcart.token';

/**
 * The signed-in member's bearer token, kept in localStorage so a control room survives a reload.
 * The API also accepts it over graphql-ws (connection params), so one token serves both.
 */
class AuthSession {
  token = $state<string | null>(typeof localStorage === 'undefined' ? null : localStorage.getItem(TOKEN_KEY));

  signIn(token: string): void {
    this.token = token;
    localStorage.setItem(TOKEN_KEY, token);
  }

  signOut(): void {
    this.token = null;
    localStorage.removeItem(TOKEN_KEY);
  }
}

export const auth = new AuthSession();
