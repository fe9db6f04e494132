package io.opengateway.ops;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.opengateway.support.GatewayTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every node of every route has an id that says what it does, as Hawtio shows them: in the route
 * diagram (the route dump Hawtio reads over JMX) and in the JMX tree of processors (whose ids also
 * key the diagram's counters). A route added later is held to it too. Camel's generated ids
 * ({@code from4}, {@code to12}, {@code unmarshal3}) and its generated template prefix
 * ({@code route-3admit}) fail, and so does a marshal or unmarshal step: Hawtio's diagram draws no
 * node for one (its Camel model lists them as data formats, not EIPs), so the step would be missing.
 */
class RouteNodeIdsTest extends GatewayTestBase {

    /** Camel's DefaultNodeIdFactory: the node's short name and a counter. */
    private static final Pattern GENERATED = Pattern.compile("[a-z][A-Za-z]*\\d+");
    /** The prefix Camel gives the steps of a route made from a template that names none. */
    private static final Pattern TEMPLATE_PREFIX = Pattern.compile("route-\\d+.*");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /**
     * Elements of a route dump that are settings or expressions of the node around them, which
     * Hawtio's diagram folds into that node's label. Any other element is drawn as a node, and
     * Hawtio makes up an id ({@code redeliveryPolicy3}) for one that has none.
     */
    private static final Set<String> NOT_DRAWN = Set.of("exception", "handled", "continued", "constant",
            "simple", "header", "exchangeProperty", "variable", "method", "language", "jsonpath", "xpath");

    @Autowired
    CamelContext camel;

    @Test
    void every_node_in_hawtios_route_diagram_has_a_kebab_case_id_of_its_own() throws Exception {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<String> wrong = new ArrayList<>();
        int nodes = 0;
        for (Route route : camel.getRoutes()) {
            // as Hawtio's diagram reads it (generated ids included), with the template parameters resolved
            String xml = managed.getManagedRoute(route.getRouteId()).dumpRouteAsXml(true, true);
            Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            NodeList all = root.getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                String where = route.getRouteId() + ": <" + e.getTagName() + " id=\"" + e.getAttribute("id") + "\">";
                if (e.getTagName().equals("marshal") || e.getTagName().equals("unmarshal")) {
                    wrong.add(where + " is not drawn by Hawtio: call a processor instead (process: {id, ref})");
                }
                if (e.hasAttribute("id")) {
                    nodes++;
                    if (!named(e.getAttribute("id"))) {
                        wrong.add(where);
                    }
                } else if (!NOT_DRAWN.contains(e.getTagName())) {
                    wrong.add(where + " has no id: Hawtio would make one up");
                }
            }
        }

        assertThat(nodes).isGreaterThan(100);
        assertThat(wrong).as("nodes without an id of their own").isEmpty();
    }

    @Test
    void every_processor_in_hawtios_jmx_tree_has_the_id_its_route_file_gives_it() throws Exception {
        MBeanServer jmx = camel.getManagementStrategy().getManagementAgent().getMBeanServer();
        Set<ObjectName> names = jmx.queryNames(new ObjectName("org.apache.camel:context="
                + camel.getManagementName() + ",type=processors,*"), null);
        List<String> wrong = new ArrayList<>();
        for (ObjectName name : names) {
            String id = (String) jmx.getAttribute(name, "ProcessorId");
            if (!named(id)) {
                wrong.add(jmx.getAttribute(name, "RouteId") + ": " + id);
            }
        }

        assertThat(names).hasSizeGreaterThan(100);
        assertThat(wrong).as("processors without an id of their own").isEmpty();
    }

    private static boolean named(String id) {
        return KEBAB.matcher(id).matches() && !GENERATED.matcher(id).matches() && !TEMPLATE_PREFIX.matcher(id).matches();
    }
}
