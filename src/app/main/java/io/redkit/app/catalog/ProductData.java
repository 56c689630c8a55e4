package io.redkit.app.catalog;

import io.redkit.app.web.NoNul;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** JSON of a product, in and out. */
public final class ProductData {

    /** Body of POST and PUT. */
    public static class Input {
        @NotBlank
        @Size(max = 64)
        @NoNul
        public String sku;

        @NotBlank
        @Size(max = 255)
        @NoNul
        public String name;

        @NotBlank
        @Size(max = 64)
        @NoNul
        public String category;

        @NotNull
        @PositiveOrZero
        public Long priceCents;

        @Size(max = 20)
        public Set<@NotBlank @Size(max = 64) @NoNul String> tags = new TreeSet<>();
    }

    public record Output(
            long id, String sku, String name, String category, long priceCents, List<String> tags, long version) {
        static Output of(Product p) {
            return new Output(
                    p.getId(),
                    p.getSku(),
                    p.getName(),
                    p.getCategory(),
                    p.getPriceCents(),
                    List.copyOf(new TreeSet<>(p.getTags())),
                    p.getVersion());
        }
    }

    private ProductData() {}
}
