-- The reference app's tables, as its JPA entities map them (Hibernate's default names: camelCase fields are
-- unquoted columns, so PostgreSQL folds them to lower case).

create sequence products_seq start with 1 increment by 50;

create table products (
    id bigint not null primary key,
    sku varchar(64) not null unique,
    name varchar(255) not null,
    category varchar(64) not null,
    priceCents bigint not null,
    version bigint not null
);

create table product_tags (
    Product_id bigint not null references products (id),
    tag varchar(64) not null,
    primary key (Product_id, tag)
);

create table user_profiles (
    userId bigint not null primary key,
    displayName varchar(255) not null,
    email varchar(255),
    bio varchar(2000),
    updatedAt timestamp(6) with time zone
);

create table product_ratings (
    productId bigint not null primary key,
    ratingCount bigint not null,
    ratingSum bigint not null,
    sourceVersion bigint not null,
    storedAt timestamp(6) with time zone not null
);
