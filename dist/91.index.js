export const id = 91;
export const ids = [91];
export const modules = {

/***/ 4091:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SnsNotifier: () => (/* binding */ SnsNotifier)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_sns__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8797);
/* harmony import */ var _aws_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4258);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5625);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);




/** Publishes the mail to an SNS topic, with a `changes` attribute that subscribers can filter on. */
class SnsNotifier {
    client;
    topicArn;
    constructor(client, topicArn) {
        this.client = client;
        this.topicArn = topicArn;
    }
    async publish(mail) {
        let messageId;
        try {
            ;
            ({ MessageId: messageId } = await this.client.send(new _aws_sdk_client_sns__WEBPACK_IMPORTED_MODULE_1__.PublishCommand({
                TopicArn: this.topicArn,
                Subject: mail.subject,
                Message: mail.body,
                MessageAttributes: {
                    changes: { DataType: 'String.Array', StringValue: JSON.stringify(mail.kinds) }
                }
            })));
        }
        catch (error) {
            const hint = error instanceof Error && error.name === 'NotFoundException'
                ? 'the topic does not exist in this region. Check the input sns-topic-arn and aws-region'
                : (0,_aws_js__WEBPACK_IMPORTED_MODULE_2__/* .explainAwsError */ .N)(error);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .y(`Could not publish the mail to the SNS topic ${this.topicArn}: ${hint}. ` +
                'The changes are kept as pending and the next run sends them.');
        }
        _log_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Mail sent to ${this.topicArn}: "${mail.subject}" (message id ${messageId}).`);
    }
}


/***/ })

};
