import { graphql } from './graphql.js';

/** Select in every mutation's result union; `payloadOf` turns it into an `OperationError`. */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError @_unmask {
    __typename
    code
    message
    ... on ValidationError { issues { path message } }
  }
`);
