-- Seed data, applied once per database (Flyway), whatever the number of nodes starting at once.

insert into products (id, sku, name, category, priceCents, version)
values (1, 'KB-001', 'Mechanical keyboard', 'keyboards', 8900, 0),
       (2, 'KB-002', 'Travel keyboard', 'keyboards', 4900, 0),
       (3, 'MS-001', 'Trackball', 'mice', 5900, 0),
       (4, 'MN-001', '27-inch monitor', 'monitors', 29900, 0);

-- Hibernate's pooled optimizer reads a sequence value N as the block (N-49 .. N]: from 101 its first block is
-- 52..101, clear of the seeded ids.
alter sequence products_seq restart with 101;

insert into product_tags (Product_id, tag)
select p.id, t.tag
from products p
join (values ('KB-001', 'usb'), ('KB-001', 'rgb'), ('KB-002', 'bluetooth'), ('MS-001', 'usb'),
             ('MS-001', 'ergonomic'), ('MN-001', '4k')) as t (sku, tag) on t.sku = p.sku;

insert into user_profiles (userId, displayName, email)
values (1, 'Ada', 'ada@example.com'),
       (2, 'Grace', 'grace@example.com'),
       (3, 'Linus', 'linus@example.com');
