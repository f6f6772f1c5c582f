package io.softswitch.app.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin API's routes, matched by path then method. Each branch of the switch registers its
 * endpoints here with the role they need; the server asks the router which route answers.
 * Routes may be added while the server runs (the list is copied on write).
 */
public final class AdminRouter
{
    private final List<AdminRoute> routes = new CopyOnWriteArrayList<>();

    /**
     * Adds a route.
     *
     * @param route the route.
     * @return this router.
     * @throws IllegalArgumentException when a route with the same method and path exists.
     */
    public AdminRouter add(final AdminRoute route)
    {
        for (final AdminRoute existing : routes)
        {
            if (existing.method().equals(route.method()) && existing.path().equals(route.path()))
            {
                throw new IllegalArgumentException("duplicate route: method=" + route.method() + " path=" + route.path());
            }
        }
        routes.add(route);
        return this;
    }

    /**
     * The route for a method and path.
     *
     * @param method the method; {@code HEAD} finds the {@code GET} route.
     * @param path   the decoded path.
     * @return the route, or {@code null} when none has that method and path.
     */
    public AdminRoute find(final String method, final String path)
    {
        final String wanted = "HEAD".equals(method) ? "GET" : method;
        for (final AdminRoute route : routes)
        {
            if (route.method().equals(wanted) && route.matches(path))
            {
                return route;
            }
        }
        return null;
    }

    /**
     * The methods a path answers, for a 405's {@code Allow} header.
     *
     * @param path the decoded path.
     * @return e.g. {@code GET, HEAD, POST}; empty when no route has the path.
     */
    public String allowed(final String path)
    {
        final Set<String> methods = new LinkedHashSet<>();
        for (final AdminRoute route : routes)
        {
            if (route.matches(path))
            {
                methods.add(route.method());
                if ("GET".equals(route.method()))
                {
                    methods.add("HEAD");
                }
            }
        }
        return String.join(", ", methods);
    }

    /**
     * Every route, in the order added.
     *
     * @return a copy of the routes.
     */
    public List<AdminRoute> routes()
    {
        return new ArrayList<>(routes);
    }
}
