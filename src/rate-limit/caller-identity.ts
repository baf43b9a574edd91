/**
 * Who a request is for the per-caller limits: the user a well-signed bearer token names, if any.
 * The composition root binds it to auth's token service, so this infrastructure module does not
 * depend on the auth feature.
 */
export abstract class CallerIdentity {
  abstract userIdOf(bearerToken: string): number | undefined;
}
