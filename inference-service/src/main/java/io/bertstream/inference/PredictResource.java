package io.bertstream.inference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /predict}, for debugging: a {@code tokens} record in (either layout, JSON or binary
 * {@value TokensV2Reader#SCHEMA}), the prediction the stream would write out (a batch of one); 400
 * with the dead-letter reason for a bad record.
 */
@Path("/predict")
public class PredictResource {

    private final InferenceService service;

    PredictResource(InferenceService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response predict(byte[] body) throws Exception {
        InferenceRequest request;
        try {
            request = service.reader().read(body, null);
        } catch (BadRecordException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
        }
        long start = System.nanoTime();
        ObjectNode result = service.predictor().predict(List.of(request)).get(0);
        double ms = (System.nanoTime() - start) / 1e6;
        return Response.ok(service.writer().prediction(request, result, 0, ms, System.currentTimeMillis())).build();
    }
}
