package health.liaison.gateway.routing;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.DelegatingServiceInstance;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * An area with one configured instance (in Kubernetes its Service name, locally one port) goes straight to it: the
 * load balancer would choose among one, after a discovery lookup, a supplier chain and a choice per request, and the
 * readiness and refused-connection bookkeeping offers a lone instance whatever it says anyway. Areas with several
 * instances keep the load balancer ({@link ConfiguredInstances}).
 */
@Component
class SingleInstanceAreas implements GlobalFilter, Ordered {

    private final ConfiguredInstances instances;

    SingleInstanceAreas(ConfiguredInstances instances) {
        this.instances = instances;
    }

    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        if (url == null || !"lb".equals(url.getScheme())) {
            return chain.filter(exchange);
        }
        ServiceInstance only = instances.onlyInstanceOf(url.getHost());
        if (only != null) {
            // as the load balancer filter does: the instance's own scheme, http or https
            ServiceInstance direct = new DelegatingServiceInstance(only, only.isSecure() ? "https" : "http");
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, LoadBalancerUriTools.reconstructURI(direct, url));
        }
        return chain.filter(exchange);
    }
}
