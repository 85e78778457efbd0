package io.kairos.support;

import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ConsumerEvent;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.ProducerEvent;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import com.salesforce.eventbus.protobuf.SchemaInfo;
import com.salesforce.eventbus.protobuf.SchemaRequest;
import com.salesforce.eventbus.protobuf.TopicInfo;
import com.salesforce.eventbus.protobuf.TopicRequest;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A Salesforce Pub/Sub API stand-in served by grpc-java on 127.0.0.1 in plaintext: topics (one to start with, more
 * with {@link #withTopic}), each with an Avro schema and a retained event log whose replay ids are opaque bytes, and
 * a Subscribe stream that honours num_requested, the replay preset and a custom replay id, and sends keepalives.
 * Knobs let a test expire retained events (a stored id is then refused as Salesforce refuses it) or make every stream
 * go silent.
 */
public final class PubSubStandIn implements AutoCloseable {

    /** The trailer and code Salesforce documents for a replay id it cannot serve. */
    public static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER);
    public static final String REPLAY_ID_CORRUPTED = "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted";

    private static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accessToken", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceUrl", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantId", Metadata.ASCII_STRING_MARSHALLER);

    /** The auth metadata a call carried. */
    public record CallMetadata(String accessToken, String instanceUrl, String tenantId) {
    }

    /** The first FetchRequest of a Subscribe stream: where the subscriber asked to start. */
    public record SubscribeRequest(String topic, ReplayPreset preset, ByteString replayId, int numRequested) {
    }

    private record Retained(String eventId, ByteString replayId, ByteString payload) {
    }

    /** A topic, its schema and its retained events (the log is touched only on the loop thread). */
    private record Topic(String name, String schemaId, Schema schema, String schemaJson, List<Retained> log) {

        static Topic of(String name, String schemaResource) {
            String json = resource(schemaResource);
            Schema schema = new Schema.Parser().parse(json);
            // Derived from the whole schema, as clients cache schemas by id: two topics never share one.
            String id = UUID.nameUUIDFromBytes(json.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                    .substring(0, 22);
            return new Topic(name, id, schema, json, new ArrayList<>());
        }

        int indexOf(ByteString replayId) {
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).replayId().equals(replayId)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final Topic topic;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    // Every mutation of the log and the streams runs on this one thread, as a gRPC stream must not be written
    // concurrently and the log's order is the replay order.
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pubsub-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<SubscribeRequest> subscribeRequests = new CopyOnWriteArrayList<>();
    private final List<CallMetadata> calls = new CopyOnWriteArrayList<>();
    private final Server server;
    private long sequence;
    private boolean silent;

    private PubSubStandIn(String topic, String schemaResource) {
        this.topic = Topic.of(topic, schemaResource);
        topics.put(topic, this.topic);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Service(), new MetadataRecorder()))
                .build();
    }

    /** Serves {@code topic} with the Avro schema of a classpath resource, keepalives every {@code keepalive}. */
    public static PubSubStandIn start(String topic, String schemaResource, Duration keepalive) {
        PubSubStandIn standIn = new PubSubStandIn(topic, schemaResource);
        try {
            standIn.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        standIn.loop.scheduleWithFixedDelay(standIn::sendKeepalives, keepalive.toMillis(), keepalive.toMillis(),
                TimeUnit.MILLISECONDS);
        return standIn;
    }

    public int port() {
        return server.getPort();
    }

    /** Serves one more topic, with the Avro schema of a classpath resource and a log of its own. */
    public PubSubStandIn withTopic(String name, String schemaResource) {
        topics.put(name, Topic.of(name, schemaResource));
        return this;
    }

    /** The first topic's schema. */
    public Schema schema() {
        return topic.schema();
    }

    public Schema schema(String name) {
        return topic(name).schema();
    }

    /** Appends an event to the first topic; see {@link #publish(String, GenericRecord)}. */
    public ByteString publish(Map<String, Object> fields) {
        return publish(topic.name(), PubSubRecords.record(topic.schema(), fields));
    }

    /** Appends an event (Avro-encoded with the topic's schema) and delivers it to open streams; returns its replay id. */
    public ByteString publish(String name, GenericRecord record) {
        Topic target = topic(name);
        ByteString payload = avro(record, target.schema());
        return onLoop(() -> {
            ByteString replayId = nextReplayId();
            target.log().add(new Retained(UUID.randomUUID().toString(), replayId, payload));
            subscriptions.forEach(Subscription::deliver);
            return replayId;
        });
    }

    /**
     * Drops the first topic's oldest retained events, as Salesforce does after its retention window: their ids become
     * unknown.
     */
    public void expireOldest(int count) {
        onLoop(() -> {
            topic.log().subList(0, Math.min(count, topic.log().size())).clear();
            return null;
        });
    }

    /** From now on no stream receives anything, not even a keepalive; the connection stays open. */
    public void goSilent() {
        onLoop(() -> silent = true);
    }

    /**
     * The streams open now stall (nothing more, not even a keepalive, connections open), as a stream Salesforce
     * dropped on its side; new Subscribe calls are served as usual.
     */
    public void stallOpenStreams() {
        onLoop(() -> {
            subscriptions.forEach(subscription -> subscription.stalled = true);
            return null;
        });
    }

    public List<SubscribeRequest> subscribeRequests() {
        return List.copyOf(subscribeRequests);
    }

    /** The first FetchRequest of each Subscribe stream to this topic, in order. */
    public List<SubscribeRequest> subscribeRequests(String topicName) {
        return subscribeRequests.stream().filter(request -> request.topic().equals(topicName)).toList();
    }

    public List<CallMetadata> calls() {
        return List.copyOf(calls);
    }

    public int openStreams() {
        return onLoop(subscriptions::size);
    }

    @Override
    public void close() {
        server.shutdownNow();
        loop.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ByteString nextReplayId() {
        // Opaque to the subscriber, as Salesforce's are: a prefix and a counter, not a number it could compute.
        return ByteString.copyFrom(ByteBuffer.allocate(12).putInt(0x4b41_4952).putLong(++sequence).array());
    }

    private void sendKeepalives() {
        if (!silent) {
            subscriptions.forEach(Subscription::keepalive);
        }
    }

    private <T> T onLoop(Callable<T> task) {
        try {
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private Topic topic(String name) {
        Topic found = topics.get(name);
        if (found == null) {
            throw new IllegalArgumentException("the stand-in serves no topic " + name);
        }
        return found;
    }

    private static ByteString avro(GenericRecord record, Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteString.copyFrom(out.toByteArray());
    }

    private static String resource(String name) {
        try (InputStream in = PubSubStandIn.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class MetadataRecorder implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            calls.add(new CallMetadata(headers.get(ACCESS_TOKEN), headers.get(INSTANCE_URL), headers.get(TENANT_ID)));
            return next.startCall(call, headers);
        }
    }

    private final class Service extends PubSubGrpc.PubSubImplBase {

        @Override
        public void getTopic(TopicRequest request, StreamObserver<TopicInfo> response) {
            Topic found = topics.get(request.getTopicName());
            if (found == null) {
                response.onError(Status.NOT_FOUND.withDescription("no topic " + request.getTopicName()).asException());
                return;
            }
            response.onNext(TopicInfo.newBuilder().setTopicName(found.name()).setSchemaId(found.schemaId())
                    .setCanSubscribe(true)
                    .setRpcId(UUID.randomUUID().toString()).build());
            response.onCompleted();
        }

        @Override
        public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> response) {
            Topic found = topics.values().stream().filter(t -> t.schemaId().equals(request.getSchemaId())).findFirst()
                    .orElse(null);
            if (found == null) {
                response.onError(Status.NOT_FOUND.withDescription("no schema " + request.getSchemaId()).asException());
                return;
            }
            response.onNext(SchemaInfo.newBuilder().setSchemaId(found.schemaId()).setSchemaJson(found.schemaJson())
                    .setRpcId(UUID.randomUUID().toString()).build());
            response.onCompleted();
        }

        @Override
        public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> response) {
            Subscription subscription = new Subscription((ServerCallStreamObserver<FetchResponse>) response);
            return new StreamObserver<>() {
                @Override
                public void onNext(FetchRequest request) {
                    loop.execute(() -> subscription.request(request));
                }

                @Override
                public void onError(Throwable t) {
                    loop.execute(subscription::close);
                }

                @Override
                public void onCompleted() {
                    loop.execute(() -> {
                        subscription.close();
                        subscription.out.onCompleted();
                    });
                }
            };
        }
    }

    /** One Subscribe stream; touched only on the loop thread. */
    private final class Subscription {
        private final ServerCallStreamObserver<FetchResponse> out;
        private final String rpcId = UUID.randomUUID().toString();
        private Topic topic;
        private int next = -1;
        private int requested;
        private boolean sentSinceKeepalive;
        private boolean stalled;

        Subscription(ServerCallStreamObserver<FetchResponse> out) {
            this.out = out;
        }

        void request(FetchRequest request) {
            if (next < 0) {
                subscribeRequests.add(new SubscribeRequest(request.getTopicName(), request.getReplayPreset(),
                        request.getReplayId(), request.getNumRequested()));
                if (!start(request)) {
                    return;
                }
                subscriptions.add(this);
            }
            requested += request.getNumRequested();
            deliver();
        }

        private boolean start(FetchRequest request) {
            topic = topics.get(request.getTopicName());
            if (topic == null) {
                fail(Status.NOT_FOUND.withDescription("no topic " + request.getTopicName()), null);
                return false;
            }
            List<Retained> log = topic.log();
            switch (request.getReplayPreset()) {
                case EARLIEST -> next = 0;
                case CUSTOM -> {
                    int stored = topic.indexOf(request.getReplayId());
                    if (stored < 0) {
                        fail(Status.INVALID_ARGUMENT.withDescription("The Replay ID validation failed. rpcId: " + rpcId),
                                REPLAY_ID_CORRUPTED);
                        return false;
                    }
                    next = stored + 1;
                }
                default -> next = log.size();
            }
            return true;
        }

        void deliver() {
            if (silent || stalled || next < 0 || requested == 0 || next >= topic.log().size() || out.isCancelled()) {
                return;
            }
            List<Retained> log = topic.log();
            FetchResponse.Builder batch = FetchResponse.newBuilder().setRpcId(rpcId);
            while (requested > 0 && next < log.size()) {
                Retained event = log.get(next++);
                requested--;
                batch.addEvents(ConsumerEvent.newBuilder().setReplayId(event.replayId())
                        .setEvent(ProducerEvent.newBuilder().setId(event.eventId()).setSchemaId(topic.schemaId())
                                .setPayload(event.payload())));
                batch.setLatestReplayId(event.replayId());
            }
            out.onNext(batch.setPendingNumRequested(requested).build());
            sentSinceKeepalive = true;
        }

        void keepalive() {
            if (!sentSinceKeepalive && !stalled && !out.isCancelled()) {
                FetchResponse.Builder empty = FetchResponse.newBuilder().setRpcId(rpcId).setPendingNumRequested(requested);
                if (topic != null && !topic.log().isEmpty()) {
                    empty.setLatestReplayId(topic.log().get(topic.log().size() - 1).replayId());
                }
                out.onNext(empty.build());
            }
            sentSinceKeepalive = false;
        }

        void close() {
            subscriptions.remove(this);
        }

        private void fail(Status status, String errorCode) {
            Metadata trailers = new Metadata();
            if (errorCode != null) {
                trailers.put(ERROR_CODE, errorCode);
            }
            out.onError(status.asRuntimeException(trailers));
        }
    }
}
