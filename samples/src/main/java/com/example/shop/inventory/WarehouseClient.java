package com.example.shop.inventory;

import java.util.Set;

/** The warehouse's stock API. Calls block on the network and throw UncheckedIOException when it is down. */
public interface WarehouseClient {

    /** Units on hand for one product. */
    int levelOf(String sku);

    /** Products the warehouse no longer carries. */
    Set<String> discontinued();
}
