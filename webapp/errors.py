"""Every failure becomes a friendly Chinese page (or JSON under /api/), never a traceback.

A stopped database is its own case: 503 with "数据库暂时不可用", and the next request simply tries
again, so the app recovers by itself when Neo4j returns.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import AuthenticationFailed, BangfuError, DatabaseUnavailable
from graph.queries.errors import UnknownQuery
from webapp.admission import AnalysisBusy

log = logging.getLogger("bangfu.webapp")

MESSAGES = {
    400: "请求有误。",
    401: "请先登录。",
    403: "您的账号没有权限访问此页面。",
    404: "找不到该页面。",
    405: "不支持该请求方式。",
    413: "上传的文件太大。",
    429: "请求过于频繁，请稍后再试。",
    500: "服务器内部错误，已记录，请联系管理员。",
    503: "数据库暂时不可用，请稍后刷新；如持续出现请联系管理员。",
}


def _respond(status: int, message: str):
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": {"status": status, "message": message}}), status
    return render_template("error.html", status=status, message=message), status


def install(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        message = MESSAGES.get(exc.code or 500, exc.description or "请求失败。")
        if exc.code == 413:
            limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
            message = f"上传的文件太大（上限 {limit / 1024 / 1024:g} MB），请拆分后分批上传。"
        elif exc.code == 400 and exc.description and "CSRF" in exc.description:
            message = "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。"
        return _respond(exc.code or 500, message)

    @app.errorhandler(DatabaseUnavailable)
    @app.errorhandler(AuthenticationFailed)
    def _db_down(exc: BangfuError):
        log.warning("database unavailable: %s", exc.message)
        return _respond(503, MESSAGES[503])

    @app.errorhandler(AnalysisBusy)
    def _analysis_busy(exc: AnalysisBusy):
        response, status = _respond(503, exc.message)
        response = current_app.make_response((response, status))
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response

    @app.errorhandler(UnknownQuery)
    def _unknown_query(exc: UnknownQuery):
        return _respond(404, exc.message)

    @app.errorhandler(BangfuError)
    def _bangfu(exc: BangfuError):
        return _respond(400, exc.message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        return _respond(500, MESSAGES[500])
