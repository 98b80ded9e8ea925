import { UserErrorFields } from '$lib/graphql/fragments.js';
import { graphql, type ResultOf } from '$lib/graphql/graphql.js';

/** What the products table and the editor show of a product. */
export const ProductFields = graphql(`
  fragment ProductFields on Product @_unmask {
    id
    title
    sku
    brand
    category
    price { amount currency }
    listPrice { amount currency }
    stock
    imageUrls
    audienceTags
    sellingPoints
    updatedAt
  }
`);
export type ProductRow = ResultOf<typeof ProductFields>;

export const ProductsQuery = graphql(
  `query Products($filter: ProductFilter, $orderBy: ProductOrderBy, $first: Int, $after: String) {
    products(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...ProductFields } }
    }
  }`,
  [ProductFields],
);

/**
 * Brands, categories and audience tags offered by the filters: there is no facet query, so they are
 * gathered from the first 100 products (typed values outside them still filter).
 */
export const ProductFacetsQuery = graphql(`
  query ProductFacets {
    products(first: 100, orderBy: { field: TITLE }) { edges { node { id brand category audienceTags } } }
  }
`);

export const CreateProduct = graphql(
  `mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) { __typename ...UserErrorFields ... on CreateProductPayload { product { ...ProductFields } } }
  }`,
  [UserErrorFields, ProductFields],
);

export const UpdateProduct = graphql(
  `mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) { __typename ...UserErrorFields ... on UpdateProductPayload { product { ...ProductFields } } }
  }`,
  [UserErrorFields, ProductFields],
);

export const DeleteProduct = graphql(
  `mutation DeleteProduct($input: DeleteProductInput!) {
    deleteProduct(input: $input) { __typename ...UserErrorFields ... on DeleteProductPayload { deletedId } }
  }`,
  [UserErrorFields],
);
