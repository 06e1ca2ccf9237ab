package com.example.shop.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The product database and its satellites: the CDN for images and the search index. */
public interface ProductCatalog {

    /** Reads a supplier's CSV file and stores its products; returns how many were imported. */
    int importCsv(Path file) throws IOException;

    /** Uploads a product image to the CDN and returns its address. */
    String uploadImage(Path image) throws IOException;

    /** Deletes the images of products that no longer exist. */
    void deleteImages(List<String> skus);

    /** Recomputes the prices of a supplier's products; returns how many changed. */
    int reprice(String supplier);

    /** Puts one product's current data in the search index. */
    void reindex(String sku);

    /** Loads the most viewed products into memory. */
    void warmCache();
}
