package com.example.shop.order;

/**
 * How a parcel travels, and what it costs. The standard method is the default of every checkout.
 */
public abstract class ShippingMethod {

    // Bug: initializing ShippingMethod creates a Standard, whose initialization needs ShippingMethod's first.
    // A request thread that touches ShippingMethod.STANDARD while a pricing thread first creates a Standard
    // leaves each waiting for the other's class initialization, for ever.
    public static final ShippingMethod STANDARD = new Standard();

    /** The price of a parcel of this weight, in cents. */
    public abstract long priceCents(int grams);

    /** Up to 2 kg for a flat rate, then by the kilogram. */
    public static final class Standard extends ShippingMethod {
        @Override
        public long priceCents(int grams) {
            return grams <= 2000 ? 490 : 490 + (grams - 2000) / 1000 * 150;
        }
    }

    /** The corrected form: the default lives in a holder class that the base class does not initialize. */
    public abstract static class Fixed {

        /** The default method, created when first asked for. */
        public static Fixed standard() {
            // Fine: Defaults is initialized on first use, after Fixed, and nothing in Fixed waits for it.
            return Defaults.STANDARD;
        }

        public abstract long priceCents(int grams);

        private static final class Defaults {
            static final Fixed STANDARD = new Standard();
        }

        public static final class Standard extends Fixed {
            @Override
            public long priceCents(int grams) {
                return grams <= 2000 ? 490 : 490 + (grams - 2000) / 1000 * 150;
            }
        }
    }
}
