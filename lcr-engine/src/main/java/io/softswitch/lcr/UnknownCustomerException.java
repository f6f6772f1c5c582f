package io.softswitch.lcr;

/**
 * The route simulator was asked about a customer trunk the configuration does not have (or about
 * a vendor trunk as if it were a customer): a caller's mistake to report as "not found", never an
 * answer such as "no sell rate" that could be read as a fact about a real customer.
 */
public final class UnknownCustomerException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String customer;
    private final boolean vendor;

    /**
     * Creates the exception.
     *
     * @param customer the name asked about.
     * @param vendor   whether the name is a vendor trunk's.
     */
    public UnknownCustomerException(final String customer, final boolean vendor)
    {
        super(vendor
            ? "'" + customer + "' is a vendor trunk, not a customer trunk"
            : "no customer trunk named '" + customer + "'");
        this.customer = customer;
        this.vendor = vendor;
    }

    /**
     * The name asked about.
     *
     * @return the name.
     */
    public String customer()
    {
        return customer;
    }

    /**
     * Whether the name is a vendor trunk's.
     *
     * @return true for a vendor given as a customer.
     */
    public boolean isVendor()
    {
        return vendor;
    }
}
