export const id = 361;
export const ids = [361];
export const modules = {

/***/ 8907:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;
const { Command, Client } = __webpack_require__(2658);
__webpack_unused_export__ = Command;
__webpack_unused_export__ = Client;
const { setFeature } = __webpack_require__(5152);
const { marshall, unmarshall } = __webpack_require__(5290);
const { NumberValueImpl: NumberValue } = __webpack_require__(5290);
exports.lS = NumberValue;
const { BatchExecuteStatementCommand: BatchExecuteStatementCommand$1, BatchGetItemCommand, BatchWriteItemCommand, DeleteItemCommand, DescribeExportCommand: DescribeExportCommand$1, ExecuteStatementCommand: ExecuteStatementCommand$1, ExecuteTransactionCommand: ExecuteTransactionCommand$1, ExportTableToPointInTimeCommand: ExportTableToPointInTimeCommand$1, GetItemCommand, PutItemCommand, QueryCommand: QueryCommand$1, ScanCommand: ScanCommand$1, SearchVectorsCommand: SearchVectorsCommand$1, TransactGetItemsCommand, TransactWriteItemsCommand, UpdateItemCommand, DynamoDBClient } = __webpack_require__(4305);
const { createPaginator } = __webpack_require__(402);

const SELF = null;
const ALL_VALUES = {};
const ALL_MEMBERS = [];
const NEXT_LEVEL = "*";
const processObj = (obj, processFunc, keyNodes) => {
    if (obj !== undefined) {
        if (keyNodes == null) {
            return processFunc(obj);
        }
        else {
            const keys = Object.keys(keyNodes);
            const goToNextLevel = keys.length === 1 && keys[0] === NEXT_LEVEL;
            const someChildren = keys.length >= 1 && !goToNextLevel;
            const allChildren = keys.length === 0;
            if (someChildren) {
                return processKeysInObj(obj, processFunc, keyNodes);
            }
            else if (allChildren) {
                return processAllKeysInObj(obj, processFunc, SELF);
            }
            else if (goToNextLevel) {
                return Object.entries(obj ?? {}).reduce((acc, [k, v]) => {
                    if (typeof v !== "function") {
                        acc[k] = processObj(v, processFunc, keyNodes[NEXT_LEVEL]);
                    }
                    return acc;
                }, (Array.isArray(obj) ? [] : {}));
            }
        }
    }
    return undefined;
};
const processKeysInObj = (obj, processFunc, keyNodes) => {
    let accumulator;
    if (Array.isArray(obj)) {
        accumulator = obj.filter((item) => typeof item !== "function");
    }
    else {
        accumulator = {};
        for (const [k, v] of Object.entries(obj)) {
            if (typeof v !== "function") {
                accumulator[k] = v;
            }
        }
    }
    for (const [nodeKey, nodes] of Object.entries(keyNodes)) {
        if (typeof obj[nodeKey] === "function") {
            continue;
        }
        const processedValue = processObj(obj[nodeKey], processFunc, nodes);
        if (processedValue !== undefined && typeof processedValue !== "function") {
            accumulator[nodeKey] = processedValue;
        }
    }
    return accumulator;
};
const processAllKeysInObj = (obj, processFunc, keyNodes) => {
    if (Array.isArray(obj)) {
        return obj.filter((item) => typeof item !== "function").map((item) => processObj(item, processFunc, keyNodes));
    }
    return Object.entries(obj).reduce((acc, [key, value]) => {
        if (typeof value === "function") {
            return acc;
        }
        const processedValue = processObj(value, processFunc, keyNodes);
        if (processedValue !== undefined && typeof processedValue !== "function") {
            acc[key] = processedValue;
        }
        return acc;
    }, {});
};
const marshallInput = (obj, keyNodes, options) => {
    const marshallFunc = (toMarshall) => marshall(toMarshall, options);
    return processKeysInObj(obj, marshallFunc, keyNodes);
};
const unmarshallOutput = (obj, keyNodes, options) => {
    const unmarshallFunc = (toMarshall) => unmarshall(toMarshall, options);
    return processKeysInObj(obj, unmarshallFunc, keyNodes);
};

class DynamoDBDocumentClientCommand extends Command {
    addMarshallingMiddleware(configuration) {
        const { marshallOptions = {}, unmarshallOptions = {} } = configuration.translateConfig || {};
        marshallOptions.convertTopLevelContainer = marshallOptions.convertTopLevelContainer ?? true;
        unmarshallOptions.convertWithoutMapWrapper = unmarshallOptions.convertWithoutMapWrapper ?? true;
        this.clientCommand.middlewareStack.addRelativeTo((next, context) => async (args) => {
            setFeature(context, "DDB_MAPPER", "d");
            return next({
                ...args,
                input: marshallInput(args.input, this.inputKeyNodes, marshallOptions),
            });
        }, {
            name: "DocumentMarshall",
            relation: "before",
            toMiddleware: "serializerMiddleware",
            override: true,
        });
        this.clientCommand.middlewareStack.addRelativeTo((next, context) => async (args) => {
            const deserialized = await next(args);
            deserialized.output = unmarshallOutput(deserialized.output, this.outputKeyNodes, unmarshallOptions);
            return deserialized;
        }, {
            name: "DocumentUnmarshall",
            relation: "before",
            toMiddleware: "deserializerMiddleware",
            override: true,
        });
    }
}

class BatchExecuteStatementCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        Statements: {
            "*": {
                Parameters: ALL_MEMBERS,
            },
        },
    };
    outputKeyNodes = {
        Responses: {
            "*": {
                Error: {
                    Item: ALL_VALUES,
                },
                Item: ALL_VALUES,
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new BatchExecuteStatementCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class BatchGetCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        RequestItems: {
            "*": {
                Keys: {
                    "*": ALL_VALUES,
                },
            },
        },
    };
    outputKeyNodes = {
        Responses: {
            "*": {
                "*": ALL_VALUES,
            },
        },
        UnprocessedKeys: {
            "*": {
                Keys: {
                    "*": ALL_VALUES,
                },
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new BatchGetItemCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class BatchWriteCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        RequestItems: {
            "*": {
                "*": {
                    PutRequest: {
                        Item: ALL_VALUES,
                    },
                    DeleteRequest: {
                        Key: ALL_VALUES,
                    },
                },
            },
        },
    };
    outputKeyNodes = {
        UnprocessedItems: {
            "*": {
                "*": {
                    PutRequest: {
                        Item: ALL_VALUES,
                    },
                    DeleteRequest: {
                        Key: ALL_VALUES,
                    },
                },
            },
        },
        ItemCollectionMetrics: {
            "*": {
                "*": {
                    ItemCollectionKey: ALL_VALUES,
                },
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new BatchWriteItemCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class DeleteCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        Key: ALL_VALUES,
        Expected: {
            "*": {
                Value: SELF,
                AttributeValueList: ALL_MEMBERS,
            },
        },
        ExpressionAttributeValues: ALL_VALUES,
    };
    outputKeyNodes = {
        Attributes: ALL_VALUES,
        ItemCollectionMetrics: {
            ItemCollectionKey: ALL_VALUES,
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new DeleteItemCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class DescribeExportCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {};
    outputKeyNodes = {
        ExportDescription: {
            FilterSpecification: {
                ExpressionAttributeValues: ALL_VALUES,
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new DescribeExportCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class ExecuteStatementCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        Parameters: ALL_MEMBERS,
    };
    outputKeyNodes = {
        Items: {
            "*": ALL_VALUES,
        },
        LastEvaluatedKey: ALL_VALUES,
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new ExecuteStatementCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class ExecuteTransactionCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        TransactStatements: {
            "*": {
                Parameters: ALL_MEMBERS,
            },
        },
    };
    outputKeyNodes = {
        Responses: {
            "*": {
                Item: ALL_VALUES,
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new ExecuteTransactionCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class ExportTableToPointInTimeCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        FilterSpecification: {
            ExpressionAttributeValues: ALL_VALUES,
        },
    };
    outputKeyNodes = {
        ExportDescription: {
            FilterSpecification: {
                ExpressionAttributeValues: ALL_VALUES,
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new ExportTableToPointInTimeCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class GetCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        Key: ALL_VALUES,
    };
    outputKeyNodes = {
        Item: ALL_VALUES,
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new GetItemCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class PutCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        Item: ALL_VALUES,
        Expected: {
            "*": {
                Value: SELF,
                AttributeValueList: ALL_MEMBERS,
            },
        },
        ExpressionAttributeValues: ALL_VALUES,
    };
    outputKeyNodes = {
        Attributes: ALL_VALUES,
        ItemCollectionMetrics: {
            ItemCollectionKey: ALL_VALUES,
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new PutItemCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class QueryCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        KeyConditions: {
            "*": {
                AttributeValueList: ALL_MEMBERS,
            },
        },
        QueryFilter: {
            "*": {
                AttributeValueList: ALL_MEMBERS,
            },
        },
        ExclusiveStartKey: ALL_VALUES,
        ExpressionAttributeValues: ALL_VALUES,
    };
    outputKeyNodes = {
        Items: {
            "*": ALL_VALUES,
        },
        LastEvaluatedKey: ALL_VALUES,
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new QueryCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class ScanCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        ScanFilter: {
            "*": {
                AttributeValueList: ALL_MEMBERS,
            },
        },
        ExclusiveStartKey: ALL_VALUES,
        ExpressionAttributeValues: ALL_VALUES,
    };
    outputKeyNodes = {
        Items: {
            "*": ALL_VALUES,
        },
        LastEvaluatedKey: ALL_VALUES,
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new ScanCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class SearchVectorsCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        ExpressionAttributeValues: ALL_VALUES,
        SearchVector: ALL_MEMBERS,
    };
    outputKeyNodes = {
        SearchResults: {
            "*": {
                Item: ALL_VALUES,
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new SearchVectorsCommand$1(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class TransactGetCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        TransactItems: {
            "*": {
                Get: {
                    Key: ALL_VALUES,
                },
            },
        },
    };
    outputKeyNodes = {
        Responses: {
            "*": {
                Item: ALL_VALUES,
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new TransactGetItemsCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class TransactWriteCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        TransactItems: {
            "*": {
                ConditionCheck: {
                    Key: ALL_VALUES,
                    ExpressionAttributeValues: ALL_VALUES,
                },
                Put: {
                    Item: ALL_VALUES,
                    ExpressionAttributeValues: ALL_VALUES,
                },
                Delete: {
                    Key: ALL_VALUES,
                    ExpressionAttributeValues: ALL_VALUES,
                },
                Update: {
                    Key: ALL_VALUES,
                    ExpressionAttributeValues: ALL_VALUES,
                },
            },
        },
    };
    outputKeyNodes = {
        ItemCollectionMetrics: {
            "*": {
                "*": {
                    ItemCollectionKey: ALL_VALUES,
                },
            },
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new TransactWriteItemsCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class UpdateCommand extends DynamoDBDocumentClientCommand {
    input;
    inputKeyNodes = {
        Key: ALL_VALUES,
        AttributeUpdates: {
            "*": {
                Value: SELF,
            },
        },
        Expected: {
            "*": {
                Value: SELF,
                AttributeValueList: ALL_MEMBERS,
            },
        },
        ExpressionAttributeValues: ALL_VALUES,
    };
    outputKeyNodes = {
        Attributes: ALL_VALUES,
        ItemCollectionMetrics: {
            ItemCollectionKey: ALL_VALUES,
        },
    };
    clientCommand;
    middlewareStack;
    constructor(input) {
        super();
        this.input = input;
        this.clientCommand = new UpdateItemCommand(this.input);
        this.middlewareStack = this.clientCommand.middlewareStack;
    }
    resolveMiddleware(clientStack, configuration, options) {
        this.addMarshallingMiddleware(configuration);
        const stack = clientStack.concat(this.middlewareStack);
        const handler = this.clientCommand.resolveMiddleware(stack, configuration, options);
        return async () => handler(this.clientCommand);
    }
}

class DynamoDBDocumentClient extends Client {
    config;
    constructor(client, translateConfig) {
        super(client.config);
        this.config = client.config;
        this.config.translateConfig = translateConfig;
        this.middlewareStack = client.middlewareStack;
        if (this.config?.cacheMiddleware) {
            throw new Error("@aws-sdk/lib-dynamodb - cacheMiddleware=true is not compatible with the" +
                " DynamoDBDocumentClient. This option must be set to false.");
        }
        const middlewares = client.middlewareStack.identify?.() ?? [];
        const hasSerializer = middlewares.some((m) => m.includes?.("serializerMiddleware"));
        if (!hasSerializer) {
            const configuredLogger = this.config.logger;
            const logger = configuredLogger && !configuredLogger.constructor?.name.includes("NoOp")
                ? configuredLogger
                : console;
            const substituteClient = new DynamoDBClient(Object.assign({}, this.config, {
                defaultUserAgentProvider: undefined,
                retryStrategy: undefined,
                extensions: undefined
            }));
            const substituteClientHasSerializer = substituteClient.middlewareStack
                .identify?.()
                .some((m) => m.includes?.("serializerMiddleware"));
            if (!substituteClientHasSerializer) {
                throw new Error("@aws-sdk/lib-dynamodb - ERROR: incompatible version of DynamoDBClient given to DynamoDBDocumentClient. " +
                    "Check @aws-sdk/lib-dynamodb package.json requirements.");
            }
            else {
                this.middlewareStack = substituteClient.middlewareStack;
                this.config = substituteClient.config;
                this.config.translateConfig = translateConfig;
                logger.warn("@aws-sdk/lib-dynamodb - WARN: incompatible version of DynamoDBClient given to DynamoDBDocumentClient. " +
                    "We have forwarded your client's configuration to a newer version of DynamoDBClient in " +
                    "the dependency closure to instantiate DynamoDBDocumentClient.");
            }
        }
    }
    static from(client, translateConfig) {
        return new DynamoDBDocumentClient(client, translateConfig);
    }
    destroy() {
    }
}

const paginateQuery = createPaginator(DynamoDBDocumentClient, QueryCommand, "ExclusiveStartKey", "LastEvaluatedKey", "Limit");

const paginateScan = createPaginator(DynamoDBDocumentClient, ScanCommand, "ExclusiveStartKey", "LastEvaluatedKey", "Limit");

async function* paginatedBatchGet(config, input) {
    let requestItems = input.RequestItems;
    while (requestItems && Object.keys(requestItems).length > 0) {
        const response = await config.client.send(new BatchGetCommand({ ...input, RequestItems: requestItems }));
        requestItems = response.UnprocessedKeys;
        yield response;
    }
}

class DynamoDBDocument extends DynamoDBDocumentClient {
    static from(client, translateConfig) {
        return new DynamoDBDocument(client, translateConfig);
    }
    batchExecuteStatement(args, optionsOrCb, cb) {
        const command = new BatchExecuteStatementCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    batchGet(args, optionsOrCb, cb) {
        const command = new BatchGetCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    paginatedBatchGet(args) {
        return paginatedBatchGet({ client: this }, args);
    }
    batchWrite(args, optionsOrCb, cb) {
        const command = new BatchWriteCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    delete(args, optionsOrCb, cb) {
        const command = new DeleteCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    describeExport(args, optionsOrCb, cb) {
        const command = new DescribeExportCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    executeStatement(args, optionsOrCb, cb) {
        const command = new ExecuteStatementCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    executeTransaction(args, optionsOrCb, cb) {
        const command = new ExecuteTransactionCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    exportTableToPointInTime(args, optionsOrCb, cb) {
        const command = new ExportTableToPointInTimeCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    get(args, optionsOrCb, cb) {
        const command = new GetCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    put(args, optionsOrCb, cb) {
        const command = new PutCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    query(args, optionsOrCb, cb) {
        const command = new QueryCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    scan(args, optionsOrCb, cb) {
        const command = new ScanCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    searchVectors(args, optionsOrCb, cb) {
        const command = new SearchVectorsCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    transactGet(args, optionsOrCb, cb) {
        const command = new TransactGetCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    transactWrite(args, optionsOrCb, cb) {
        const command = new TransactWriteCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
    update(args, optionsOrCb, cb) {
        const command = new UpdateCommand(args);
        if (typeof optionsOrCb === "function") {
            this.send(command, optionsOrCb);
        }
        else if (typeof cb === "function") {
            if (typeof optionsOrCb !== "object") {
                throw new Error(`Expect http options but get ${typeof optionsOrCb}`);
            }
            this.send(command, optionsOrCb || {}, cb);
        }
        else {
            return this.send(command, optionsOrCb);
        }
    }
}

exports.eC = BatchExecuteStatementCommand;
exports.Ov = BatchGetCommand;
__webpack_unused_export__ = BatchWriteCommand;
__webpack_unused_export__ = DeleteCommand;
__webpack_unused_export__ = DescribeExportCommand;
__webpack_unused_export__ = DynamoDBDocument;
exports.TG = DynamoDBDocumentClient;
__webpack_unused_export__ = DynamoDBDocumentClientCommand;
__webpack_unused_export__ = ExecuteStatementCommand;
__webpack_unused_export__ = ExecuteTransactionCommand;
__webpack_unused_export__ = ExportTableToPointInTimeCommand;
__webpack_unused_export__ = GetCommand;
__webpack_unused_export__ = PutCommand;
__webpack_unused_export__ = QueryCommand;
__webpack_unused_export__ = ScanCommand;
__webpack_unused_export__ = SearchVectorsCommand;
__webpack_unused_export__ = TransactGetCommand;
__webpack_unused_export__ = TransactWriteCommand;
exports.fR = UpdateCommand;
__webpack_unused_export__ = paginateQuery;
__webpack_unused_export__ = paginateScan;
__webpack_unused_export__ = paginatedBatchGet;


/***/ }),

/***/ 5290:
/***/ ((__unused_webpack_module, exports) => {

class NumberValue {
    value;
    constructor(value) {
        if (typeof value === "object" && "N" in value) {
            this.value = String(value.N);
        }
        else {
            this.value = String(value);
        }
        const valueOf = typeof value.valueOf() === "number" ? value.valueOf() : 0;
        const imprecise = valueOf > Number.MAX_SAFE_INTEGER ||
            valueOf < Number.MIN_SAFE_INTEGER ||
            Math.abs(valueOf) === Infinity ||
            Number.isNaN(valueOf);
        if (imprecise) {
            throw new Error(`NumberValue should not be initialized with an imprecise number=${valueOf}. Use a string instead.`);
        }
    }
    static from(value) {
        return new NumberValue(value);
    }
    toAttributeValue() {
        return {
            N: this.toString(),
        };
    }
    toBigInt() {
        const stringValue = this.toString();
        return BigInt(stringValue);
    }
    toString() {
        return String(this.value);
    }
    valueOf() {
        return this.toString();
    }
}

const convertToAttr = (data, options) => {
    if (data === undefined) {
        throw new Error(`Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.`);
    }
    else if (data === null && typeof data === "object") {
        return convertToNullAttr();
    }
    else if (Array.isArray(data)) {
        return convertToListAttr(data, options);
    }
    else if (data?.constructor?.name === "Set") {
        return convertToSetAttr(data, options);
    }
    else if (data?.constructor?.name === "Map") {
        return convertToMapAttrFromIterable(data, options);
    }
    else if (data?.constructor?.name === "Object" ||
        (!data.constructor && typeof data === "object")) {
        return convertToMapAttrFromEnumerableProps(data, options);
    }
    else if (isBinary(data)) {
        if (data.length === 0 && options?.convertEmptyValues) {
            return convertToNullAttr();
        }
        return convertToBinaryAttr(data);
    }
    else if (typeof data === "boolean" || data?.constructor?.name === "Boolean") {
        return { BOOL: data.valueOf() };
    }
    else if (typeof data === "number" || data?.constructor?.name === "Number") {
        return convertToNumberAttr(data, options);
    }
    else if (data instanceof NumberValue) {
        return data.toAttributeValue();
    }
    else if (typeof data === "bigint") {
        return convertToBigIntAttr(data);
    }
    else if (typeof data === "string" || data?.constructor?.name === "String") {
        if (data.length === 0 && options?.convertEmptyValues) {
            return convertToNullAttr();
        }
        return convertToStringAttr(data);
    }
    else if (options?.convertClassInstanceToMap && typeof data === "object") {
        return convertToMapAttrFromEnumerableProps(data, options);
    }
    throw new Error(`Unsupported type passed: ${data}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`);
};
const convertToListAttr = (data, options) => ({
    L: data
        .filter((item) => typeof item !== "function" &&
        (!options?.removeUndefinedValues || (options?.removeUndefinedValues && item !== undefined)))
        .map((item) => convertToAttr(item, options)),
});
const convertToSetAttr = (set, options) => {
    const setToOperate = options?.removeUndefinedValues ? new Set([...set].filter((value) => value !== undefined)) : set;
    if (!options?.removeUndefinedValues && setToOperate.has(undefined)) {
        throw new Error(`Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.`);
    }
    if (setToOperate.size === 0) {
        if (options?.convertEmptyValues) {
            return convertToNullAttr();
        }
        throw new Error(`Pass a non-empty set, or options.convertEmptyValues=true.`);
    }
    const item = setToOperate.values().next().value;
    if (item instanceof NumberValue) {
        return {
            NS: Array.from(setToOperate).map((_) => _.toString()),
        };
    }
    else if (typeof item === "number") {
        return {
            NS: Array.from(setToOperate)
                .map((num) => convertToNumberAttr(num, options))
                .map((item) => item.N),
        };
    }
    else if (typeof item === "bigint") {
        return {
            NS: Array.from(setToOperate)
                .map(convertToBigIntAttr)
                .map((item) => item.N),
        };
    }
    else if (typeof item === "string") {
        return {
            SS: Array.from(setToOperate)
                .map(convertToStringAttr)
                .map((item) => item.S),
        };
    }
    else if (isBinary(item)) {
        return {
            BS: Array.from(setToOperate)
                .map(convertToBinaryAttr)
                .map((item) => item.B),
        };
    }
    else {
        throw new Error(`Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.`);
    }
};
const convertToMapAttrFromIterable = (data, options) => ({
    M: ((data) => {
        const map = {};
        for (const [key, value] of data) {
            if (typeof value !== "function" && (value !== undefined || !options?.removeUndefinedValues)) {
                map[key] = convertToAttr(value, options);
            }
        }
        return map;
    })(data),
});
const convertToMapAttrFromEnumerableProps = (data, options) => ({
    M: ((data) => {
        const map = {};
        for (const key in data) {
            const value = data[key];
            if (typeof value !== "function" && (value !== undefined || !options?.removeUndefinedValues)) {
                map[key] = convertToAttr(value, options);
            }
        }
        return map;
    })(data),
});
const convertToNullAttr = () => ({ NULL: true });
const convertToBinaryAttr = (data) => ({ B: data });
const convertToStringAttr = (data) => ({ S: data.toString() });
const convertToBigIntAttr = (data) => ({ N: data.toString() });
const validateBigIntAndThrow = (errorPrefix) => {
    throw new Error(`${errorPrefix} Use NumberValue from @aws-sdk/lib-dynamodb.`);
};
const convertToNumberAttr = (num, options) => {
    if ([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
        .map((val) => val.toString())
        .includes(num.toString())) {
        throw new Error(`Special numeric value ${num.toString()} is not allowed`);
    }
    else if (!options?.allowImpreciseNumbers) {
        if (Number(num) > Number.MAX_SAFE_INTEGER) {
            validateBigIntAndThrow(`Number ${num.toString()} is greater than Number.MAX_SAFE_INTEGER.`);
        }
        else if (Number(num) < Number.MIN_SAFE_INTEGER) {
            validateBigIntAndThrow(`Number ${num.toString()} is lesser than Number.MIN_SAFE_INTEGER.`);
        }
    }
    return { N: num.toString() };
};
const isBinary = (data) => {
    const binaryTypes = [
        "ArrayBuffer",
        "Blob",
        "Buffer",
        "DataView",
        "File",
        "Int8Array",
        "Uint8Array",
        "Uint8ClampedArray",
        "Int16Array",
        "Uint16Array",
        "Int32Array",
        "Uint32Array",
        "Float32Array",
        "Float64Array",
        "BigInt64Array",
        "BigUint64Array",
    ];
    if (data?.constructor) {
        return binaryTypes.includes(data.constructor.name);
    }
    return false;
};

const convertToNative = (data, options) => {
    for (const [key, value] of Object.entries(data)) {
        if (value !== undefined) {
            switch (key) {
                case "NULL":
                    return null;
                case "BOOL":
                    return Boolean(value);
                case "N":
                    return convertNumber(value, options);
                case "B":
                    return convertBinary(value);
                case "S":
                    return convertString(value);
                case "L":
                    return convertList(value, options);
                case "M":
                    return convertMap(value, options);
                case "NS":
                    return new Set(value.map((item) => convertNumber(item, options)));
                case "BS":
                    return new Set(value.map(convertBinary));
                case "SS":
                    return new Set(value.map(convertString));
                default:
                    throw new Error(`Unsupported type passed: ${key}`);
            }
        }
    }
    throw new Error(`No value defined: ${JSON.stringify(data)}`);
};
const convertNumber = (numString, options) => {
    if (typeof options?.wrapNumbers === "function") {
        return options?.wrapNumbers(numString);
    }
    if (options?.wrapNumbers) {
        return NumberValue.from(numString);
    }
    const num = Number(numString);
    const infinityValues = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const isLargeFiniteNumber = (num > Number.MAX_SAFE_INTEGER || num < Number.MIN_SAFE_INTEGER) && !infinityValues.includes(num);
    if (isLargeFiniteNumber) {
        if (typeof BigInt === "function") {
            try {
                return BigInt(numString);
            }
            catch (error) {
                throw new Error(`${numString} can't be converted to BigInt. Set options.wrapNumbers to get string value.`);
            }
        }
        else {
            throw new Error(`${numString} is outside SAFE_INTEGER bounds. Set options.wrapNumbers to get string value.`);
        }
    }
    return num;
};
const convertString = (stringValue) => stringValue;
const convertBinary = (binaryValue) => binaryValue;
const convertList = (list, options) => list.map((item) => convertToNative(item, options));
const convertMap = (map, options) => Object.entries(map).reduce((acc, [key, value]) => ((acc[key] = convertToNative(value, options)),
    acc), {});

function marshall(data, options) {
    const attributeValue = convertToAttr(data, options);
    const [key, value] = Object.entries(attributeValue)[0];
    switch (key) {
        case "M":
        case "L":
            return options?.convertTopLevelContainer ? attributeValue : value;
        case "SS":
        case "NS":
        case "BS":
        case "S":
        case "N":
        case "B":
        case "NULL":
        case "BOOL":
        case "$unknown":
        default:
            return attributeValue;
    }
}

const unmarshall = (data, options) => {
    if (options?.convertWithoutMapWrapper) {
        return convertToNative(data, options);
    }
    return convertToNative({ M: data }, options);
};

exports.NumberValueImpl = NumberValue;
exports.convertToAttr = convertToAttr;
exports.convertToNative = convertToNative;
exports.marshall = marshall;
exports.unmarshall = unmarshall;


/***/ }),

/***/ 3361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DynamoDbStateStore: () => (/* binding */ DynamoDbStateStore)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4305);
/* harmony import */ var _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8907);
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4258);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5625);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3916);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7768);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(9809);
/* harmony import */ var _targets_model_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3355);
/* harmony import */ var _decode_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2611);
/* harmony import */ var _item_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8350);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6992);











/** BatchGetItem takes at most 100 keys a call. */
const READ_BATCH = 100;
/** BatchExecuteStatement takes at most 25 statements a call. */
const INSERT_BATCH = 25;
/** Calls that write in flight at once: conditional updates, and batches of inserts. */
const WRITE_CONCURRENCY = 16;
/** Calls of a batch in all, while the table leaves part of it unprocessed. */
const BATCH_ATTEMPTS = 8;
/** Errors of a statement in a batch that another attempt may not meet: the table was busy. */
const BUSY = new Set([
    'ProvisionedThroughputExceeded',
    'ThrottlingError',
    'RequestLimitExceeded',
    'InternalServerError',
    'TransactionConflict'
]);
/** Errors of an INSERT that say the item exists: an overlapping run wrote it first. */
const EXISTS = new Set(['DuplicateItem', 'ConditionalCheckFailed']);
/**
 * State in a DynamoDB table keyed by `url` (partition) and `name` (sort), as the legacy Lambda's table is.
 * `status` (BOOL, true when up) is kept for it; upwatch's own attributes sit beside it.
 */
class DynamoDbStateStore {
    table;
    sleep;
    writesAhead = true;
    documents;
    /**
     * The attributes, as stored, of the items read that could not be understood, by the first-seen state read
     * for them: the write of that state replaces the item, conditional on its version as stored.
     */
    unreadable = new WeakMap();
    /**
     * @param sleep how a batch waits before sending again what a call left unprocessed; tests pass one that does
     * not wait.
     */
    constructor(client, table, sleep) {
        this.table = table;
        this.sleep = sleep;
        this.documents = _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .DynamoDBDocumentClient */ .TG.from(client, {
            marshallOptions: { removeUndefinedValues: true },
            unmarshallOptions: { wrapNumbers: readNumber }
        });
    }
    async read(keys, { onPart, digest: withDigest } = {}) {
        const batches = chunks(withDigest ? [...keys, _store_js__WEBPACK_IMPORTED_MODULE_4__/* .DIGEST_KEY */ .Xj] : keys, READ_BATCH);
        const states = new Map();
        const problems = new Map();
        let digest;
        await Promise.all(batches.map(async (batch) => {
            const part = new Map();
            for (const { url, name, ...attributes } of await this.readBatch(batch)) {
                const key = { url: String(url), name: String(name) };
                if ((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key) === (0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(_store_js__WEBPACK_IMPORTED_MODULE_4__/* .DIGEST_KEY */ .Xj)) {
                    digest = (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeDigest */ .bY)(attributes);
                    continue;
                }
                const { state, faults, historyFaults } = (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeState */ .UJ)(attributes);
                const where = `the DynamoDB table ${this.table}`;
                if (faults.length > 0) {
                    this.unreadable.set(state, attributes);
                    problems.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .unreadableItem */ .vV)(key, where, faults));
                }
                if (historyFaults.length > 0)
                    problems.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .unreadableHistory */ .Cf)(key, where, historyFaults));
                states.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), state);
                part.set((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key), state);
            }
            onPart?.(part);
        }));
        // In the order of the targets, whatever order the batches came back in.
        return { states, problems: keys.flatMap(key => problems.get((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(key)) ?? []), digest };
    }
    /** One BatchGetItem, and the keys it left unprocessed again until none are left. */
    async readBatch(keys) {
        const items = [];
        try {
            await this.untilProcessed(keys.map(({ url, name }) => ({ url, name })), 'BatchGetItem', async (remaining) => {
                const response = await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .BatchGetCommand */ .Ov({ RequestItems: { [this.table]: { Keys: remaining, ConsistentRead: true } } }));
                items.push(...(response.Responses?.[this.table] ?? []));
                return response.UnprocessedKeys?.[this.table]?.Keys ?? [];
            });
        }
        catch (error) {
            throw this.failure('read the state of the targets from', error);
        }
        return items;
    }
    /**
     * A target seen for the first time with nothing to mail is inserted, in batches: a first sight of N targets
     * takes N/25 calls instead of N. An INSERT fails for an item that exists, as the update's condition does for a
     * target never seen, so of overlapping runs only one writes the item, whichever way. Every other write, and so
     * every change that is mailed, is a conditional update that carries its outbox.
     */
    async commit(writes) {
        const lost = new Set();
        const inserts = writes.filter(_store_js__WEBPACK_IMPORTED_MODULE_4__/* .quietFirstSight */ .qO);
        const updates = writes.filter(write => !(0,_store_js__WEBPACK_IMPORTED_MODULE_4__/* .quietFirstSight */ .qO)(write));
        await Promise.all([
            (0,_limit_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimit */ .s)(chunks(inserts, INSERT_BATCH), WRITE_CONCURRENCY, batch => this.insertBatch(batch, lost)),
            (0,_limit_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimit */ .s)(updates, WRITE_CONCURRENCY, write => this.update(write, lost))
        ]);
        return lost;
    }
    async update(write, lost) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR(this.updateOf(write)));
        }
        catch (error) {
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                lost.add((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(write.key));
            else
                throw this.failure(`write the state of ${write.key.name} to`, error);
        }
    }
    /**
     * One BatchExecuteStatement of INSERTs, and the statements the table was too busy for again until none are
     * left. An item that exists was written by an overlapping run: the write is lost, as a failed condition is.
     */
    async insertBatch(writes, lost) {
        try {
            await this.untilProcessed(writes, 'BatchExecuteStatement', async (remaining) => {
                const { Responses = [] } = await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .BatchExecuteStatementCommand */ .eC({ Statements: remaining.map(write => this.insertOf(write)) }));
                if (Responses.length !== remaining.length)
                    throw new Error(`${Responses.length} answers to ${remaining.length} statements`);
                return remaining.filter((write, index) => {
                    const code = Responses[index].Error?.Code;
                    if (code === undefined)
                        return false;
                    if (EXISTS.has(code)) {
                        lost.add((0,_targets_model_js__WEBPACK_IMPORTED_MODULE_5__/* .keyOf */ .T)(write.key));
                        return false;
                    }
                    if (BUSY.has(code))
                        return true;
                    throw new StatementError(write.key.name, code, Responses[index].Error?.Message);
                });
            });
        }
        catch (error) {
            if (error instanceof StatementError)
                throw this.failure(`write the state of ${error.target} to`, error);
            throw this.failure(`write the state of ${writes.length} targets seen for the first time to`, error);
        }
    }
    /**
     * Sends `items` with `call`, which answers what it left unprocessed, and that again with backoff until nothing
     * is left. A call that fails is retried by the SDK itself; what is left after that, or after every attempt
     * here, is a real failure.
     */
    async untilProcessed(items, operation, call) {
        let remaining = items;
        await (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .retry */ .L)(async (index) => {
            remaining = await call(remaining);
            if (remaining.length > 0)
                throw new Unprocessed(operation, remaining.length, index + 1 === BATCH_ATTEMPTS);
        }, {
            attempts: BATCH_ATTEMPTS,
            baseDelayMs: 100,
            maxDelayMs: 5000,
            retryable: error => error instanceof Unprocessed,
            onRetry: (0,_retry_js__WEBPACK_IMPORTED_MODULE_8__/* .logRetries */ .z)(`${operation} on ${this.table}`, _log_js__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz),
            sleep: this.sleep
        });
    }
    async settle(entries, runId, sent, now) {
        const each = entries.flatMap(({ key, changeIds }) => changeIds.map(id => ({ key, id })));
        await (0,_limit_js__WEBPACK_IMPORTED_MODULE_6__/* .mapLimit */ .s)(each, WRITE_CONCURRENCY, async ({ key, id }) => {
            try {
                await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                    TableName: this.table,
                    Key: { url: key.url, name: key.name },
                    UpdateExpression: sent
                        ? 'REMOVE #pending.#id SET #notifiedAt = :now, #version = #version + :one'
                        : 'SET #pending.#id.#leaseUntil = :released, #version = #version + :one',
                    ConditionExpression: '#pending.#id.#claim = :run',
                    ExpressionAttributeNames: {
                        '#pending': 'pending',
                        '#id': id,
                        '#version': 'version',
                        '#claim': 'claim',
                        ...(sent ? { '#notifiedAt': 'notifiedAt' } : { '#leaseUntil': 'leaseUntil' })
                    },
                    ExpressionAttributeValues: {
                        ':run': runId,
                        ':one': 1,
                        ...(sent ? { ':now': now } : { ':released': _store_js__WEBPACK_IMPORTED_MODULE_4__/* .RELEASED */ .iB })
                    }
                }));
            }
            catch (error) {
                // Another run took the claim over after our lease ran out: the entry is its to settle now.
                if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                    return;
                throw this.failure(`record the mail about ${key.name} in`, error);
            }
        });
    }
    async claimDigest(claim, now) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                TableName: this.table,
                Key: _store_js__WEBPACK_IMPORTED_MODULE_4__/* .DIGEST_KEY */ .Xj,
                UpdateExpression: 'SET #week = :week, #claim = :claim, #leaseUntil = :leaseUntil REMOVE #sentAt',
                // digestClaimable, as a condition; a week that is not a string is replaced, as no record would be.
                ConditionExpression: 'attribute_not_exists(#week) OR NOT attribute_type(#week, :string) OR #week < :week OR ' +
                    '(#week = :week AND attribute_not_exists(#sentAt) AND #leaseUntil <= :now)',
                ExpressionAttributeNames: {
                    '#week': 'week',
                    '#claim': 'claim',
                    '#leaseUntil': 'leaseUntil',
                    '#sentAt': 'sentAt'
                },
                ExpressionAttributeValues: {
                    ':week': claim.week,
                    ':claim': claim.claim,
                    ':leaseUntil': claim.leaseUntil,
                    ':now': now,
                    ':string': 'S'
                }
            }));
            return true;
        }
        catch (error) {
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                return false;
            throw this.failure('claim the weekly digest in', error);
        }
    }
    async settleDigest(week, runId, sent, now) {
        try {
            await this.documents.send(new _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .UpdateCommand */ .fR({
                TableName: this.table,
                Key: _store_js__WEBPACK_IMPORTED_MODULE_4__/* .DIGEST_KEY */ .Xj,
                UpdateExpression: sent ? 'SET #sentAt = :now' : 'SET #leaseUntil = :released',
                ConditionExpression: '#week = :week AND #claim = :run',
                ExpressionAttributeNames: {
                    '#week': 'week',
                    '#claim': 'claim',
                    ...(sent ? { '#sentAt': 'sentAt' } : { '#leaseUntil': 'leaseUntil' })
                },
                ExpressionAttributeValues: {
                    ':week': week,
                    ':run': runId,
                    ...(sent ? { ':now': now } : { ':released': _store_js__WEBPACK_IMPORTED_MODULE_4__/* .RELEASED */ .iB })
                }
            }));
        }
        catch (error) {
            // Another run took the claim over after our lease ran out: the digest is its to settle now.
            if (error instanceof _aws_sdk_client_dynamodb__WEBPACK_IMPORTED_MODULE_7__.ConditionalCheckFailedException)
                return;
            throw this.failure('record the weekly digest in', error);
        }
    }
    /**
     * The INSERT of a target's first item: every attribute of the state, as the first update would set them. The
     * names are quoted as PartiQL strings, the values passed as parameters.
     */
    insertOf({ key, next }) {
        const item = { ...(0,_item_js__WEBPACK_IMPORTED_MODULE_3__/* .attributesOf */ .Td)(next, undefined), url: key.url, name: key.name };
        const names = Object.keys(item).filter(name => item[name] !== undefined);
        const tuple = names.map(name => `'${name.replaceAll("'", "''")}': ?`).join(', ');
        return {
            Statement: `INSERT INTO "${this.table}" VALUE {${tuple}}`,
            Parameters: names.map(name => item[name])
        };
    }
    /**
     * The update that turns the item as read into `next`, built from the two states themselves, so that no
     * attribute is forgotten: what differs is set, what `next` no longer has is removed, and attributes upwatch
     * does not know (other tools' own) are left as they are. Conditional on the item being as read. An item
     * that could not be understood is compared as it is stored, not as the first sight read for it, so that
     * only what upwatch has to repair is written.
     */
    updateOf({ key, previous, next }) {
        const stored = previous && this.unreadable.get(previous);
        const before = stored ?? (previous ? (0,_item_js__WEBPACK_IMPORTED_MODULE_3__/* .storedAttributes */ .F7)(previous) : {});
        const after = (0,_item_js__WEBPACK_IMPORTED_MODULE_3__/* .attributesOf */ .Td)(next, previous);
        const expected = stored ? stored.version : previous?.version;
        // The item as decoded holds defaults it may not have stored: the first write gives it every attribute.
        const firstWrite = stored === undefined && expected === undefined;
        const set = Object.keys(after).filter(name => after[name] !== undefined && (firstWrite || !sameValue(before[name], after[name])));
        const remove = Object.keys(before).filter(name => before[name] !== undefined && after[name] === undefined);
        // Placeholders by position: attribute names need not be valid placeholder names.
        const names = {};
        const values = {};
        const assignments = set.map((name, index) => {
            names[`#s${index}`] = name;
            values[`:s${index}`] = after[name];
            return `#s${index} = :s${index}`;
        });
        const removals = remove.map((name, index) => {
            names[`#r${index}`] = name;
            return `#r${index}`;
        });
        const expression = [`SET ${assignments.join(', ')}`];
        if (removals.length > 0)
            expression.push(`REMOVE ${removals.join(', ')}`);
        let condition;
        if (previous === undefined) {
            condition = 'attribute_not_exists(#url)';
            names['#url'] = 'url';
        }
        else if (expected === undefined) {
            condition = 'attribute_exists(#url) AND attribute_not_exists(#version)';
            names['#url'] = 'url';
            names['#version'] = 'version';
        }
        else if (typeof expected === 'number' || expected instanceof _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS) {
            condition = '#version = :expected';
            names['#version'] = 'version';
            values[':expected'] = expected;
        }
        else {
            // A version that is not a number, which a write replaces with one: whatever it holds (a map need not
            // read back exactly: a key __proto__ is lost), the item is as read while it is not a number.
            condition = 'attribute_exists(#url) AND NOT attribute_type(#version, :number)';
            names['#url'] = 'url';
            names['#version'] = 'version';
            values[':number'] = 'N';
        }
        return {
            TableName: this.table,
            Key: { url: key.url, name: key.name },
            UpdateExpression: expression.join(' '),
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values
        };
    }
    failure(action, error) {
        const hint = error instanceof Error && /^ResourceNotFound(Exception)?$/.test(error.name)
            ? `the table does not exist in this region. Create it (partition key url, sort key name, both strings; see the README) or fix the input dynamodb-table`
            : (0,_aws_js__WEBPACK_IMPORTED_MODULE_9__/* .explainAwsError */ .N)(error);
        return new _errors_js__WEBPACK_IMPORTED_MODULE_10__/* .UserError */ .y(`Could not ${action} the DynamoDB table ${this.table}: ${hint}.`);
    }
}
class Unprocessed extends Error {
    constructor(operation, count, last) {
        const after = last ? ` after ${BATCH_ATTEMPTS} attempts (the table is throttled)` : '';
        super(`${operation} left ${count} unprocessed${after}`);
    }
}
/** The error of one statement in a batch, named by its code as the SDK names errors. */
class StatementError extends Error {
    target;
    constructor(target, code, message = '') {
        super(message);
        this.target = target;
        this.name = code;
    }
}
function chunks(items, size) {
    const batches = [];
    for (let start = 0; start < items.length; start += size)
        batches.push(items.slice(start, start + size));
    return batches;
}
/**
 * A stored number: as a number when JavaScript holds it exactly, else kept exact as a NumberValue (which the
 * SDK would otherwise make a BigInt of, or fail on, failing the whole read for one item with a huge number).
 */
function readNumber(text) {
    const number = Number(text);
    return Number.isSafeInteger(number) || (Number.isFinite(number) && !Number.isInteger(number))
        ? number
        : _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS.from(text);
}
/**
 * Attribute values compared as DynamoDB stores them: of one type and with the same content. JSON would not
 * do: it writes a set, binary and a map alike, and an item read as stored may hold any of them.
 */
function sameValue(a, b) {
    if (a instanceof _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS && b instanceof _aws_sdk_lib_dynamodb__WEBPACK_IMPORTED_MODULE_0__/* .NumberValue */ .lS)
        return a.toString() === b.toString();
    if (a instanceof Uint8Array && b instanceof Uint8Array)
        return Buffer.from(a).equals(b);
    if (a instanceof Set && b instanceof Set)
        return a.size === b.size && [...a].every(item => [...b].some(other => sameValue(item, other)));
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
    if ((0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .isMap */ .jh)(a) && (0,_decode_js__WEBPACK_IMPORTED_MODULE_2__/* .isMap */ .jh)(b)) {
        // Undefined values are not stored (removeUndefinedValues).
        const keys = (map) => Object.keys(map).filter(key => map[key] !== undefined);
        const [ours, theirs] = [keys(a), keys(b)];
        return (ours.length === theirs.length && ours.every(key => Object.hasOwn(b, key) && sameValue(a[key], b[key])));
    }
    return a === b;
}


/***/ })

};
